import type Database from 'better-sqlite3';
import type { CheckResult } from './Readiness.js';

/**
 * Whether an answer could be stored now: the connection is open and a write lock can be taken. The transaction is
 * rolled back, so the check writes nothing; a read-only or locked-out file fails it.
 */
export function databaseWritable(sqlite: Database.Database): CheckResult {
  if (!sqlite.open) return { ok: false, detail: 'database connection is closed' };
  if (sqlite.readonly) return { ok: false, detail: 'database is open read-only' };
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('ROLLBACK');
    return { ok: true };
  } catch (error) {
    return { ok: false, detail: `database is not writable: ${error instanceof Error ? error.message : String(error)}` };
  }
}
