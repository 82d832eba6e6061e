// storage: PostgreSQL only — the progress report cache's Postgres side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Database, type Repositories } from '../../src/db/index.js';
import { openPostgres } from '../../src/db/postgres/openPostgres.js';
import { buildProgressReport } from '../../src/commands/progress/buildProgressReport.js';
import { ProgressReportCache } from '../../src/commands/progress/progressReportCache.js';
import { forgetMe } from '../../src/commands/forgetMe.js';
import { refreshProgressRollups } from '../../src/db/repositories/progressRollups.js';
import { SCENARIO_NOW, createHistorySeeder, seedProgressScenario, type ProgressScenario } from '../helpers/seedHistory.js';
import { createTempPgDatabase, type TempPgDatabase } from '../helpers/tempPgDatabase.js';
import { person } from '../helpers/ids.js';

/*
 * The /progress report cache on Postgres: the version is bumped in the transaction that refreshes the rollups (a
 * rolled-back one leaves it), read through the same port, and a new answer, a share change or forget-me is seen.
 */
let server: TempPgDatabase;
let database: Database;
let repos: Repositories;
let s: ProgressScenario;

beforeAll(async () => {
  server = await createTempPgDatabase();
  database = await openPostgres(server.url, { max: 2 });
  repos = createRepositories(database);
  s = await seedProgressScenario(database);
});

afterAll(async () => {
  await database.close();
  await server.drop();
});

describe('the /progress report cache on Postgres', () => {
  it('keeps the version with the transaction, and shows new answers, share changes and forget-me', async () => {
    const cache = new ProgressReportCache();
    const options = { userId: s.alice, now: SCENARIO_NOW };
    const before = await cache.report(repos, options);
    expect(before).toEqual(await buildProgressReport(database, options));

    const answerId = await createHistorySeeder(database).answer({ user: s.alice, session: 's5', at: '2026-11-24T09:00:00Z', category: 'CSS', score: 3 });
    const after = await cache.report(repos, options);
    expect(after.totals.answers).toBe(before.totals.answers + 1);
    expect(after).toEqual(await buildProgressReport(database, options));

    const committed = await repos.progressVersions.current(s.alice);
    await expect(
      database.transaction(async (tx) => {
        await refreshProgressRollups(database, tx, answerId);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await repos.progressVersions.current(s.alice)).toBe(committed);
    await database.transaction((tx) => refreshProgressRollups(database, tx, answerId));
    expect(await repos.progressVersions.current(s.alice)).toBe((committed ?? 0) + 1);

    await repos.identity.setShareProgress(s.alice, true);
    expect(await repos.progressVersions.current(s.alice)).toBe((committed ?? 0) + 2);

    await forgetMe({ repos }, person('discord', 'A'));
    expect(await repos.progressVersions.current(s.alice)).toBeUndefined();
    expect((await cache.report(repos, options)).hasHistory).toBe(false);
  });
});
