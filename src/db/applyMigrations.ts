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
  const foreignKeys = Number(sqlite.pragma('foreign_keys', { simple: true }));
  sqlite.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  // A migration that rebuilds a table (create the new one, copy, drop the old, rename) must run with foreign keys off:
  // with them on, dropping `sessions` would cascade into every question and answer. The pragma does nothing inside a
  // transaction (so a migration's own `PRAGMA foreign_keys=OFF` cannot do it): it is set here, before the lock, and
  // the keys are checked before the commit instead, so a migration that breaks one is rolled back.
  sqlite.pragma('foreign_keys = OFF');
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
      let appliedNow = 0;
      for (const migration of migrations) {
        if (migration.folderMillis <= lastApplied) continue;
        appliedNow++;
        for (const statement of migration.sql) if (statement.trim() !== '') sqlite.exec(statement);
        insert.run(migration.hash, migration.folderMillis);
      }
      const broken = appliedNow === 0 ? [] : (sqlite.pragma('foreign_key_check') as { table: string; parent: string }[]);
      if (broken.length > 0) throw new Error(`a migration left ${broken.length} rows whose foreign keys point nowhere (first: ${broken[0]?.table} → ${broken[0]?.parent}); nothing was applied`);
      sqlite.exec('COMMIT');
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw error;
    }
  } finally {
    sqlite.pragma(`foreign_keys = ${foreignKeys}`);
    sqlite.pragma(`busy_timeout = ${previousTimeout}`);
  }
}

function tooNew(databaseVersion: number, buildVersion: number): UserFacingError {
  return new UserFacingError(
    'config_invalid',
    `This database was written by a newer version of Interview Coach (schema version ${databaseVersion}; this build knows up to version ${buildVersion}). Upgrade Interview Coach, or set DATABASE_PATH to another file.`,
  );
}
