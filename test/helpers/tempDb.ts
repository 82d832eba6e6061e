import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRepositories, openDatabase, type DbHandle, type Repositories } from '../../src/db/index.js';

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
