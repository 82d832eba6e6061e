import type Database from 'better-sqlite3';
import { readMigrationFiles } from './drizzle.js';
import { UserFacingError } from '../errors.js';

/** drizzle's own bookkeeping table and columns, so databases migrated by drizzle's migrator keep working. */
const TABLE = '__drizzle_migrations';
/** How long a process waits for another one that is migrating the same file. */
const LOCK_WAIT_MS = 30_000;

/**
 * Applies pending migrations under one exclusive write lock: the check of what is applied and the applying happen
 * in the same transaction, so processes starting together on a new file migrate it exactly once (drizzle's
 * migrator reads before it locks, and a second process re-ran `CREATE TABLE`). A database that has a migration
 * this build does not know was written by a newer version and is refused before anything touches it.
 */
export function applyMigrations(sqlite: Database.Database, migrationsFolder: string): void {
  const migrations = readMigrationFiles({ migrationsFolder });
  const previousTimeout = Number(sqlite.pragma('busy_timeout', { simple: true }));
  sqlite.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  try {
    sqlite.exec('BEGIN EXCLUSIVE');
    try {
      sqlite.exec(`CREATE TABLE IF NOT EXISTS "${TABLE}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
      const applied = sqlite.prepare(`SELECT hash, created_at AS createdAt FROM "${TABLE}"`).all() as { hash: string; createdAt: number | string }[];
      const newest = Math.max(0, ...migrations.map((m) => m.folderMillis));
      const known = new Set(migrations.map((m) => m.hash));
      const unknownNewer = applied.filter((row) => !known.has(row.hash) && Number(row.createdAt) > newest);
      if (unknownNewer.length > 0) throw tooNew(applied.length, migrations.length);
      const lastApplied = Math.max(0, ...applied.map((row) => Number(row.createdAt)));
      const insert = sqlite.prepare(`INSERT INTO "${TABLE}" ("hash", "created_at") VALUES (?, ?)`);
      for (const migration of migrations) {
        if (migration.folderMillis <= lastApplied) continue;
        for (const statement of migration.sql) if (statement.trim() !== '') sqlite.exec(statement);
        insert.run(migration.hash, migration.folderMillis);
      }
      sqlite.exec('COMMIT');
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw error;
    }
  } finally {
    sqlite.pragma(`busy_timeout = ${previousTimeout}`);
  }
}

function tooNew(databaseVersion: number, buildVersion: number): UserFacingError {
  return new UserFacingError(
    'config_invalid',
    `This database was written by a newer version of Interview Coach (schema version ${databaseVersion}; this build knows up to version ${buildVersion}). Upgrade Interview Coach, or set DATABASE_PATH to another file.`,
  );
}
