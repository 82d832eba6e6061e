import type pg from 'pg';
import type { DatabaseProbe, ProbeResult } from '../databaseProbe.js';

/**
 * How long a probe may take before the database counts as not answering: under /readyz's overall limit
 * (READINESS_LIMIT_MS), so a silent server is reported as such rather than as a check that timed out.
 */
export const PG_PROBE_TIMEOUT_MS = 1_500;

export interface PgDatabaseProbe extends DatabaseProbe {
  /** Asks the server now (table count included); `tableCount()` answers from the latest finished probe. */
  refresh(): Promise<ProbeResult>;
}

/**
 * DatabaseProbe for Postgres: each `writable()` asks the server live. At most one probe query runs at a time
 * (callers arriving meanwhile share it), and each caller waits at most `timeoutMs`: a server that accepts
 * connections but stops answering makes the probe fail within that time. The query carries the same timeout, so
 * its connection is discarded rather than returned to the pool stuck.
 */
export function createPgDatabaseProbe(pool: pg.Pool, timeoutMs = PG_PROBE_TIMEOUT_MS): PgDatabaseProbe {
  let tables = 0;
  let running: Promise<ProbeResult> | undefined;
  const probe = async (): Promise<ProbeResult> => {
    try {
      const { rows } = await pool.query<{ writable: boolean; tables: number }>({
        text: `SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off' AS writable,
                 (SELECT count(*)::int FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE') AS tables`,
        query_timeout: timeoutMs,
      } as pg.QueryConfig);
      const [row] = rows;
      tables = row?.tables ?? 0;
      return row?.writable ? { ok: true } : { ok: false, detail: 'database is read-only (a standby, or default_transaction_read_only)' };
    } catch (error) {
      return notAnswering(error instanceof Error ? error.message : String(error));
    }
  };
  const refresh = async (): Promise<ProbeResult> => {
    const shared = (running ??= probe().finally(() => (running = undefined)));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<ProbeResult>((resolve) => {
      timer = setTimeout(() => resolve(notAnswering(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([shared, late]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    refresh,
    writable: refresh,
    tableCount: () => tables,
  };
}

function notAnswering(why: string): ProbeResult {
  return { ok: false, detail: `database is not answering: ${why}` };
}
