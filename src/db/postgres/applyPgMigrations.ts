import type pg from 'pg';
import { readMigrationFiles } from '../drizzle.js';
import { UserFacingError } from '../../errors.js';

/** drizzle's own bookkeeping (schema `drizzle`, table `__drizzle_migrations`), so drizzle-kit sees the same history. */
const TABLE = 'drizzle.__drizzle_migrations';
/**
 * The advisory lock every starting process takes before it migrates: one 64-bit key, held for the transaction.
 * Advisory locks belong to one database, so processes on other databases of the same server never wait on it.
 */
const MIGRATION_LOCK_KEY = 0x1c_0a_c4_00_0001n;

/**
 * Applies pending Postgres migrations in one transaction under a transaction-level advisory lock: processes starting
 * together wait for each other and migrate the database exactly once (the second finds everything applied). A
 * database with a migration this build does not know was written by a newer version and is refused, untouched.
 */
export async function applyPgMigrations(pool: pg.Pool, migrationsFolder: string): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      await client.query('CREATE SCHEMA IF NOT EXISTS drizzle');
      await client.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`);
      const applied = (await client.query<{ hash: string; createdAt: number }>(`SELECT hash, created_at AS "createdAt" FROM ${TABLE}`)).rows;
      const newest = Math.max(0, ...migrations.map((m) => m.folderMillis));
      const known = new Set(migrations.map((m) => m.hash));
      if (applied.some((row) => !known.has(row.hash) && Number(row.createdAt) > newest)) throw tooNew(applied.length, migrations.length);
      const lastApplied = Math.max(0, ...applied.map((row) => Number(row.createdAt)));
      for (const migration of migrations) {
        if (migration.folderMillis <= lastApplied) continue;
        for (const statement of migration.sql) if (statement.trim() !== '') await client.query(statement);
        await client.query(`INSERT INTO ${TABLE} (hash, created_at) VALUES ($1, $2)`, [migration.hash, migration.folderMillis]);
      }
      await client.query('COMMIT');
    } catch (error) {
      // A lost connection fails the rollback too: the server ends the transaction itself; the first error is the one to see.
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    client.release();
  }
}

function tooNew(databaseVersion: number, buildVersion: number): UserFacingError {
  return new UserFacingError(
    'config_invalid',
    `This database was written by a newer version of Interview Coach (schema version ${databaseVersion}; this build knows up to version ${buildVersion}). Upgrade Interview Coach, or point DATABASE_URL at another database.`,
  );
}
