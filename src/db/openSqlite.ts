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
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    applyMigrations(sqlite, migrationsFolder);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}
