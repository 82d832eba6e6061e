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

/**
 * The environment that points the app at a database: `DATABASE_URL` when on Postgres, else the SQLite file at
 * `DATABASE_PATH`. DATABASE_PATH is always a file in the test's own folder: the app keeps a few files next to it
 * (the Discord command registry) whichever database holds the data.
 */
export interface DatabaseEnv {
  DATABASE_PATH: string;
  DATABASE_URL?: string;
}

/**
 * Where a test's app (in this process or a child) keeps its data, not yet opened: a SQLite file in a fresh temp
 * folder, or — when TEST_DATABASE_URL is set (.ci/run's second pass) — a new, empty database of its own on that
 * Postgres server. Whatever opens it first migrates it, as a real start does. cleanup removes it.
 */
export interface TempDatabaseLocation {
  env: DatabaseEnv;
  /** A folder of the test's own, for whatever else the app writes next to its data (removed by cleanup). */
  dir: string;
  /** Opens (and migrates) the database, as the app does; the caller closes it. */
  open(): Promise<OpenDatabase>;
  cleanup(): Promise<void>;
}

export async function createTempDatabaseLocation(name = 'test.db'): Promise<TempDatabaseLocation> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-db-'));
  const file = path.join(dir, name);
  if (!testsOnPostgres) {
    return {
      env: { DATABASE_PATH: file },
      dir,
      open: () => Promise.resolve(openDatabase(file)),
      cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  try {
    const server = await createTempPgDatabase();
    return {
      env: { DATABASE_PATH: file, DATABASE_URL: server.url },
      dir,
      open: () => openPostgres(server.url, { max: 4 }),
      async cleanup() {
        try {
          await server.drop();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface TempDatabase {
  database: OpenDatabase;
  repos: Repositories;
  /** What points a child process (or a Config) at this same database. */
  env: DatabaseEnv;
  /** Another connection to the same data, as a restarted process opens it; the caller closes it. */
  reopen(): Promise<OpenDatabase>;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database for a test: a SQLite file as createTempDb makes, or — when TEST_DATABASE_URL is set
 * (.ci/run's second pass) — a new database of its own on that Postgres server, dropped by cleanup.
 */
export async function createTempDatabase(): Promise<TempDatabase> {
  const location = await createTempDatabaseLocation();
  try {
    const database = await location.open();
    return {
      database,
      repos: createRepositories(database),
      env: location.env,
      reopen: () => location.open(),
      async cleanup() {
        // The data goes even when closing fails (e.g. the test closed the database itself).
        try {
          await database.close();
        } finally {
          await location.cleanup();
        }
      },
    };
  } catch (error) {
    await location.cleanup();
    throw error;
  }
}
