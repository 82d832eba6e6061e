import type BetterSqlite3 from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { drizzle } from './drizzle.js';
import { openSqlite } from './openSqlite.js';
import * as schema from './schema.js';
import { SqliteGate } from './sqliteGate.js';
import { withStatementCache } from './statementCache.js';

/** The drizzle query builder repositories use, typed on the SQLite schema (the Postgres schema infers the same rows). */
export type Db = BetterSQLite3Database<typeof schema>;

export type Dialect = 'sqlite' | 'postgres';

type TableName = { [K in keyof typeof schema]: (typeof schema)[K] extends SQLiteTable ? K : never }[keyof typeof schema];
/**
 * The tables repositories build queries on, typed on the SQLite schema: on Postgres these are the pg-core tables
 * (src/db/postgres/schema.ts), whose column mappings are Postgres' (dates, booleans, jsonb) under the same row types.
 */
export type Tables = Pick<typeof schema, TableName>;

/**
 * The storage port every repository gets. Repositories only `await` query-builder chains and run raw SQL through
 * `rows`/`run`, so the same code runs on either dialect.
 */
export interface Database {
  readonly dialect: Dialect;
  /** drizzle query builder, typed on the SQLite schema (the Postgres schema is proven to infer the same rows). */
  readonly db: Db;
  /** The tables to build queries on: always these, never the SQLite schema's imports (see Tables). */
  readonly tables: Tables;
  /** Runs fn in one transaction (nested calls become savepoints); fn gets the executor to use inside it. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Raw SQL (drizzle `sql`): rows as objects. Quote aliases (`AS "userId"`): Postgres folds unquoted names. */
  rows<T>(query: SQL, tx?: Db): Promise<T[]>;
  /** Raw SQL statement. */
  run(query: SQL, tx?: Db): Promise<void>;
  /**
   * Runs fn with no other caller's statements interleaving on a shared connection (SQLite: the one connection,
   * see sqliteGate.ts). Re-entrant. A pooled database gives each transaction its own connection and just runs fn.
   * createRepositories applies it to every repository method.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The SQLite implementation; `sqlite` is the raw handle, for migrations, the health probe and tests only. */
export interface SqliteDatabase extends Database {
  readonly dialect: 'sqlite';
  readonly sqlite: BetterSqlite3.Database;
}

/** @deprecated name kept for tests: the SQLite database with its raw handle. */
export type DbHandle = SqliteDatabase;

export interface OpenDatabaseOptions {
  /** Sees every statement drizzle sends, with its parameters (benchmarks count them); none by default. */
  onQuery?: (text: string, params: unknown[]) => void;
}

/** Opens (creating if needed) the SQLite file in WAL mode and applies pending migrations. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  const sqlite = openSqlite(file);
  const { onQuery } = options;
  const db = drizzle(withStatementCache(sqlite), { schema, ...(onQuery ? { logger: { logQuery: onQuery } } : {}) });
  const gate = new SqliteGate();
  let depth = 0;
  return {
    dialect: 'sqlite',
    db,
    tables: schema,
    sqlite,
    exclusive: (fn) => gate.run(fn),
    transaction: (fn) =>
      gate.run(async () => {
        // The gate lets one caller in at a time, so the depth is that caller's nesting.
        const savepoint = depth > 0 ? `sp${depth}` : null;
        sqlite.exec(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN IMMEDIATE');
        depth += 1;
        try {
          const result = await fn(db);
          sqlite.exec(savepoint ? `RELEASE ${savepoint}` : 'COMMIT');
          return result;
        } catch (error) {
          // SQLite may have rolled back already (e.g. after SQLITE_FULL); then there is nothing left to undo.
          if (sqlite.inTransaction) sqlite.exec(savepoint ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : 'ROLLBACK');
          throw error;
        } finally {
          depth -= 1;
        }
      }),
    rows: <T>(query: SQL, tx?: Db) => gate.run(() => Promise.resolve((tx ?? db).all<T>(query))),
    run: (query, tx) =>
      gate.run(() => {
        (tx ?? db).run(query);
        return Promise.resolve();
      }),
    close: () => {
      sqlite.close();
      return Promise.resolve();
    },
  };
}

/** The first row of a query, or undefined: `await first(db.select()…limit(1))` in place of the sync `.get()`. */
export async function first<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
  const [row] = await query;
  return row;
}

/** The one row a write `.returning()` gives back. */
export async function only<T>(query: PromiseLike<T[]>): Promise<T> {
  const [row] = await query;
  if (row === undefined) throw new Error('expected the statement to return a row');
  return row;
}
