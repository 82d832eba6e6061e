import Database from 'better-sqlite3';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserFacingError } from '../errors.js';
import { applyMigrations } from './applyMigrations.js';
import { prepareDatabaseFile } from './databaseFile.js';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');

/**
 * Everything a start does to the SQLite file before the app uses it: checks the path, opens it in WAL mode and
 * applies pending migrations under the migration lock. Kept free of drizzle so it stays cheap to load.
 */
export function openSqlite(file: string): Database.Database {
  prepareDatabaseFile(file);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file);
  } catch (error) {
    throw new UserFacingError('config_invalid', `Can't open the database ${file}: ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  }
  try {
    // Set first: switching a new file to WAL takes a lock another starting process may hold for a moment.
    sqlite.pragma('busy_timeout = 5000');
    retryWhileBusy(() => sqlite.pragma('journal_mode = WAL'));
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    retryWhileBusy(() => applyMigrations(sqlite, migrationsFolder));
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}

/** How long a starting process keeps trying while others hold the new file. */
const BUSY_DEADLINE_MS = 30_000;

/**
 * SQLite answers "database is locked" at once, without waiting out busy_timeout, when waiting could deadlock —
 * e.g. two processes switching a new file to WAL, or upgrading a read lock to a write lock at the same moment. At
 * start-up the step is simply tried again after a short random pause (the step is all-or-nothing).
 */
function retryWhileBusy<T>(step: () => T): T {
  const deadline = Date.now() + BUSY_DEADLINE_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return step();
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, 10 + Math.random() * 40);
    }
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_BUSY');
}
