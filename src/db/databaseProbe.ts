import type Database from 'better-sqlite3';

/** How long the write probe waits for another writer: a readiness check must not hold the event loop for the 5 s busy timeout. */
const PROBE_WAIT_MS = 100;

export interface ProbeResult {
  ok: boolean;
  /** Why not, in words fit for an operator's log. */
  detail?: string;
}

/** What the rest of the app may ask the database about itself, without holding the connection. */
export interface DatabaseProbe {
  /**
   * Whether an answer could be stored now: the connection is open and a write lock can be taken. The transaction
   * is rolled back, so the probe writes nothing; a read-only or locked-out file fails it. Postgres asks the server
   * (under a query timeout of its own), so the answer is a promise on both.
   */
  writable(): Promise<ProbeResult>;
  /** The app's own tables (not SQLite's or the migrator's). */
  tableCount(): number;
}

export function createDatabaseProbe(sqlite: Database.Database): DatabaseProbe {
  return {
    writable: () => Promise.resolve(writableNow(sqlite)),
    tableCount() {
      const row = sqlite
        .prepare("select count(*) as n from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'")
        .get() as { n: number };
      return row.n;
    },
  };
}

function writableNow(sqlite: Database.Database): ProbeResult {
  if (!sqlite.open) return { ok: false, detail: 'database connection is closed' };
  if (sqlite.readonly) return { ok: false, detail: 'database is open read-only' };
  // A repository transaction is open on this connection (they begin IMMEDIATE): it holds the write lock now.
  if (sqlite.inTransaction) return { ok: true };
  const previousTimeout = Number(sqlite.pragma('busy_timeout', { simple: true }));
  sqlite.pragma(`busy_timeout = ${PROBE_WAIT_MS}`);
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('ROLLBACK');
    return { ok: true };
  } catch (error) {
    return { ok: false, detail: `database is not writable: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    sqlite.pragma(`busy_timeout = ${previousTimeout}`);
  }
}
