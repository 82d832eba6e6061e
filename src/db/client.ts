import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { drizzle } from './drizzle.js';
import { openSqlite } from './openSqlite.js';
import * as schema from './schema.js';
import { withStatementCache } from './statementCache.js';

export type Db = BetterSQLite3Database<typeof schema>;

export interface DbHandle {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

/** Opens (creating if needed) the SQLite file in WAL mode and applies pending migrations. */
export function openDatabase(file: string): DbHandle {
  const sqlite = openSqlite(file);
  const db = drizzle(withStatementCache(sqlite), { schema });
  return { db, sqlite, close: () => sqlite.close() };
}
