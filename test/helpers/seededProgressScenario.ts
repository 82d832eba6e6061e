import { afterAll, beforeAll } from 'vitest';
import type { OpenDatabase } from '../../src/db/openDatabaseFromConfig.js';
import { seedProgressScenario, type ProgressScenario } from './seedHistory.js';
import { createTempDatabase, type TempDatabase } from './tempDb.js';

/**
 * For a test file over the progress scenario: before its tests, a fresh database (SQLite, or Postgres under
 * TEST_DATABASE_URL) seeded with it; after them, the database removed. Read `database` and `scenario` inside tests.
 */
export function useSeededProgressScenario(): { readonly database: OpenDatabase; readonly scenario: ProgressScenario } {
  let temp: TempDatabase | undefined;
  let scenario: ProgressScenario | undefined;
  beforeAll(async () => {
    temp = await createTempDatabase();
    scenario = await seedProgressScenario(temp.database);
  });
  afterAll(async () => {
    await temp?.cleanup();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the progress scenario is read before its beforeAll ran');
    return value;
  };
  return {
    get database() {
      return ready(temp).database;
    },
    get scenario() {
      return ready(scenario);
    },
  };
}
