import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRepositories, openDatabase, type DbHandle, type Repositories } from '../../src/db/index.js';
import type { OpenDatabase } from '../../src/db/openDatabaseFromConfig.js';
import { openPostgres } from '../../src/db/postgres/openPostgres.js';
import { createTempPgDatabase, testsOnPostgres } from './tempPgDatabase.js';

export interface TempDb {
  file: string;
  handle: DbHandle;
  repos: Repositories;
  cleanup(): Promise<void>;
}

/** A real SQLite file in a fresh temp folder, migrated. */
export function createTempDb(): TempDb {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-db-'));
  const file = path.join(dir, 'test.db');
  const handle = openDatabase(file);
  return {
    file,
    handle,
    repos: createRepositories(handle),
    async cleanup() {
      // The folder goes even when closing fails (e.g. the test closed the handle itself).
      try {
        await handle.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface TempDatabase {
  database: OpenDatabase;
  repos: Repositories;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database for a test: a SQLite file as createTempDb makes, or — when TEST_DATABASE_URL is set
 * (.ci/run's second pass) — a new database of its own on that Postgres server, dropped by cleanup.
 */
export async function createTempDatabase(): Promise<TempDatabase> {
  if (!testsOnPostgres) {
    const { handle, repos, cleanup } = createTempDb();
    return { database: handle, repos, cleanup };
  }
  const server = await createTempPgDatabase();
  try {
    const database = await openPostgres(server.url, { max: 4 });
    return {
      database,
      repos: createRepositories(database),
      async cleanup() {
        try {
          await database.close();
        } finally {
          await server.drop();
        }
      },
    };
  } catch (error) {
    await server.drop();
    throw error;
  }
}
