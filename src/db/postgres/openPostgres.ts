import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import type { Database, Db, Tables } from '../client.js';
import { applyPgMigrations } from './applyPgMigrations.js';
import { drizzle } from './drizzlePg.js';
import { createPool, type PoolOptions } from './pgPool.js';
import { createPgDatabaseProbe, type PgDatabaseProbe } from './pgProbe.js';
import * as pgSchema from './schema.js';
import { sqliteTyped } from './sqliteTyped.js';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'migrations', 'postgres');

export interface PostgresDatabase extends Database {
  readonly dialect: 'postgres';
  readonly tables: Tables;
  /** Health questions (writable, table count) for /readyz and `migrate`. */
  readonly probe: PgDatabaseProbe;
}

/**
 * Connects a pool to DATABASE_URL and applies pending migrations (under an advisory lock, so processes starting
 * together migrate once). The pool opens connections as queries need them.
 */
export interface OpenPostgresOptions extends PoolOptions {
  /** Sees every statement drizzle sends, with its parameters (benchmarks print their plans). */
  onQuery?: (text: string, params: unknown[]) => void;
}

export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<PostgresDatabase> {
  const pool = createPool(url, options);
  try {
    await applyPgMigrations(pool, migrationsFolder);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const probe = createPgDatabaseProbe(pool);
  await probe.refresh();
  const { onQuery } = options;
  const pgDb = drizzle(pool, { schema: pgSchema, logger: onQuery && { logQuery: onQuery } });
  const db = sqliteTyped.db(pgDb);
  /** Raw SQL runs on the transaction's connection when given one. */
  const executor = (tx?: Db) => (tx === undefined ? pgDb : sqliteTyped.pg(tx));
  let closed: Promise<void> | undefined;
  return {
    dialect: 'postgres',
    db,
    tables: sqliteTyped.tables(),
    probe,
    transaction: (fn) => pgDb.transaction((tx) => fn(sqliteTyped.db(tx))),
    rows: async <T>(query: SQL, tx?: Db) => (await executor(tx).execute(query)).rows as T[],
    run: async (query, tx) => {
      await executor(tx).execute(query);
    },
    exclusive: (fn) => fn(),
    close: () => (closed ??= pool.end()),
  };
}
