import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserFacingError } from '../errors.js';
import { applyMigrations } from './applyMigrations.js';
import { prepareDatabaseFile } from './databaseFile.js';
import * as schema from './schema.js';
import { withStatementCache } from './statementCache.js';

export type Db = BetterSQLite3Database<typeof schema>;

export interface DbHandle {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');

/** Opens (creating if needed) the SQLite file in WAL mode and applies pending migrations. */
export function openDatabase(file: string): DbHandle {
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
  const db = drizzle(withStatementCache(sqlite), { schema });
  return { db, sqlite, close: () => sqlite.close() };
}
