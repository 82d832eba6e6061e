import type pg from 'pg';
import type { DatabaseProbe, ProbeResult } from '../databaseProbe.js';

/** How long a probe query may take before the database counts as not answering. */
const PROBE_TIMEOUT_MS = 2_000;

export interface PgDatabaseProbe extends DatabaseProbe {
  /** Asks the server now; `writable()` and `tableCount()` answer from the latest finished probe. */
  refresh(): Promise<void>;
}

/**
 * DatabaseProbe for Postgres. Readiness checks are synchronous and a server answers asynchronously, so each
 * `writable()` returns what the previous probe found and starts the next one (one at a time): a readiness poller
 * sees a lost server on its next poll. The first probe runs when the database opens.
 */
export function createPgDatabaseProbe(pool: pg.Pool): PgDatabaseProbe {
  let last: ProbeResult = { ok: false, detail: 'database not probed yet' };
  let tables = 0;
  let running: Promise<void> | undefined;
  const probe = async (): Promise<void> => {
    try {
      const { rows } = await pool.query<{ writable: boolean; tables: number }>({
        text: `SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off' AS writable,
                 (SELECT count(*)::int FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE') AS tables`,
        query_timeout: PROBE_TIMEOUT_MS,
      } as pg.QueryConfig);
      const [row] = rows;
      tables = row?.tables ?? 0;
      last = row?.writable ? { ok: true } : { ok: false, detail: 'database is read-only (a standby, or default_transaction_read_only)' };
    } catch (error) {
      last = { ok: false, detail: `database is not answering: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
  const refresh = () => (running ??= probe().finally(() => (running = undefined)));
  return {
    refresh,
    writable() {
      void refresh();
      return last;
    },
    tableCount: () => tables,
  };
}
