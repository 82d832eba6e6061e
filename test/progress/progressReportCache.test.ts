// storage: SQLite only — the cache's SQLite side with a second connection to the file; test/progress/progressReportCachePostgres.test.ts is its Postgres twin.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { createRepositories, openDatabase, type Repositories } from '../../src/db/index.js';
import type { ProgressRepository } from '../../src/db/repositories/progressRepository.js';
import { buildProgressReport, type ProgressReportOptions } from '../../src/commands/progress/buildProgressReport.js';
import { cachedProgressReport, ProgressReportCache, type CachedProgressSource } from '../../src/commands/progress/progressReportCache.js';
import type { ProgressReport } from '../../src/commands/progress/types.js';
import { forgetMe } from '../../src/commands/forgetMe.js';
import { showProgress } from '../../src/commands/showProgress.js';
import { refreshProgressRollups } from '../../src/db/repositories/progressRollups.js';
import { createTempDb, type TempDb } from '../helpers/tempDb.js';
import { person, place } from '../helpers/ids.js';
import { SCENARIO_NOW, createHistorySeeder, seedProgressScenario, type ProgressScenario } from '../helpers/seedHistory.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let db: TempDb;
let s: ProgressScenario;

beforeEach(async () => {
  db = createTempDb();
  s = await seedProgressScenario(db.handle);
});

afterEach(() => db.cleanup());

/** The real rollup repository, counting the report queries it answered and how many reports it built. */
function counted(repos: Repositories): { source: CachedProgressSource; queries: () => number; builds: () => number } {
  let n = 0;
  let totals = 0;
  const progress = Object.fromEntries(
    Object.entries(repos.progress).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        n += 1;
        // Every build asks for the totals once.
        if (name === 'totals') totals += 1;
        return (fn as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as ProgressRepository;
  return { source: { progress, progressVersions: repos.progressVersions }, queries: () => n, builds: () => totals };
}

/** What a report built from scratch at that moment says. */
function fresh(options: ProgressReportOptions): Promise<ProgressReport> {
  return buildProgressReport(db.handle, options);
}

const at = (ms: number) => new Date(ms);

describe('the /progress report cache', () => {
  it('answers a repeat with nothing new from memory, the figures those of a fresh report', async () => {
    const cache = new ProgressReportCache();
    const { source, queries } = counted(db.repos);
    const first = await cache.report(source, { userId: s.alice, now: SCENARIO_NOW });
    expect(first).toEqual(await fresh({ userId: s.alice, now: SCENARIO_NOW }));
    const built = queries();
    expect(built).toBeGreaterThan(0);

    const later = at(SCENARIO_NOW.getTime() + 5 * 60_000);
    const repeat = await cache.report(source, { userId: s.alice, now: later });
    expect(queries()).toBe(built);
    expect(repeat).toEqual(await fresh({ userId: s.alice, now: later }));
    expect(repeat.generatedAt).toBe(later.toISOString());
  });

  it('shows a new scored answer at once', async () => {
    const cache = new ProgressReportCache();
    const before = await cache.report(db.repos, { userId: s.alice, now: SCENARIO_NOW });
    await createHistorySeeder(db.handle).answer({ user: s.alice, session: 's5', at: '2026-11-24T09:00:00Z', category: 'CSS', score: 3 });
    const after = await cache.report(db.repos, { userId: s.alice, now: SCENARIO_NOW });
    expect(after.totals.answers).toBe(before.totals.answers + 1);
    expect(after).toEqual(await fresh({ userId: s.alice, now: SCENARIO_NOW }));
  });

  it('shows each write of an answer being scored: the answer, its metrics, its evaluation', async () => {
    const cache = new ProgressReportCache();
    const report = () => cache.report(db.repos, { userId: s.alice, now: SCENARIO_NOW });
    const check = async () => expect(await report()).toEqual(await fresh({ userId: s.alice, now: SCENARIO_NOW }));
    const before = await report();
    // An answer that is not scored yet: a practice day for the streak, nothing else.
    const answerId = await createHistorySeeder(db.handle).answer({ user: s.alice, session: 's5', at: '2026-11-24T09:00:00Z', category: 'CSS' });
    await check();
    await db.repos.answers.saveMetrics({
      answerId, wordCount: 100, fillersTotal: 9, fillersPerMinute: 9, fillersByWord: { basically: 9 }, hedgesTotal: 0, hedgesByPhrase: {},
      repetitions: 0, wpm: 200, pauseCount: 0, pauseLongestSec: 0, pauseTotalSec: 0, speechSec: 60, deliveryScore: 10,
    });
    const withMetrics = await report();
    expect(withMetrics.fillers).not.toEqual(before.fillers);
    expect(withMetrics).toEqual(await fresh({ userId: s.alice, now: SCENARIO_NOW }));
    await db.repos.answers.saveEvaluation({
      answerId, score: 2, relevance: 2, depth: 2, structure: 2, clarity: 2, feedback: 'f', idealAnswer: 'i', keywordsCovered: [],
      keywordsMissed: ['grid'], evaluator: 'rubric',
    });
    const scored = await report();
    expect(scored.totals.answers).toBe(before.totals.answers + 1);
    expect(scored).toEqual(await fresh({ userId: s.alice, now: SCENARIO_NOW }));
  });

  it('shows nothing once the person used forget-me', async () => {
    const repos = db.repos;
    expect((await cachedProgressReport(repos, { userId: s.alice, now: SCENARIO_NOW })).hasHistory).toBe(true);
    await forgetMe({ repos }, person('discord', 'A'));
    const after = await cachedProgressReport(repos, { userId: s.alice, now: SCENARIO_NOW });
    expect(after.hasHistory).toBe(false);
    expect(after).toEqual(await fresh({ userId: s.alice, now: SCENARIO_NOW }));
  });

  it('drops a forgotten person whose data another process deleted, when their version reads as gone', async () => {
    const cache = new ProgressReportCache();
    await cache.report(db.repos, { userId: s.alice, now: SCENARIO_NOW });
    await cache.report(db.repos, { userId: s.bob, now: SCENARIO_NOW });
    expect(cache.size).toBe(2);
    const other = openDatabase(db.file);
    try {
      await createRepositories(other).privacy.forget(person('discord', 'A'));
    } finally {
      await other.close();
    }
    expect((await cache.report(db.repos, { userId: s.alice, now: SCENARIO_NOW })).hasHistory).toBe(false);
    expect(cache.size).toBe(1);
  });

  it('shows an answer another process wrote to the same database file', async () => {
    const cache = new ProgressReportCache();
    const before = await cache.report(db.repos, { userId: s.alice, now: SCENARIO_NOW });
    const other = openDatabase(db.file);
    try {
      await createHistorySeeder(other).answer({ user: s.alice, session: 's5', at: '2026-11-24T10:00:00Z', category: 'CSS', score: 9 });
    } finally {
      await other.close();
    }
    const after = await cache.report(db.repos, { userId: s.alice, now: SCENARIO_NOW });
    expect(after.totals.answers).toBe(before.totals.answers + 1);
    expect(after).toEqual(await fresh({ userId: s.alice, now: SCENARIO_NOW }));
  });

  it('builds anew after a share-setting change, and /progress of someone else follows the setting', async () => {
    const cache = new ProgressReportCache();
    const { source, queries } = counted(db.repos);
    await cache.report(source, { userId: s.alice, now: SCENARIO_NOW });
    const built = queries();
    await db.repos.identity.setShareProgress(s.alice, true);
    expect(await cache.report(source, { userId: s.alice, now: SCENARIO_NOW })).toEqual(await fresh({ userId: s.alice, now: SCENARIO_NOW }));
    expect(queries()).toBe(2 * built);

    const services = { repos: db.repos, config: parseConfig({}) };
    const asBob = {
      caller: person('discord', 'B', 'bob'),
      workspace: place('discord', 'w1'),
      target: person('discord', 'A', 'alice'),
    };
    const shared = await showProgress(services, asBob);
    expect(JSON.stringify(shared)).toContain('alice');
    await db.repos.identity.setShareProgress(s.alice, false);
    await expect(showProgress(services, asBob)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps each period, role and workspace apart', async () => {
    const cache = new ProgressReportCache();
    const scopes: ProgressReportOptions[] = [
      { userId: s.alice, now: SCENARIO_NOW },
      { userId: s.alice, now: SCENARIO_NOW, periodDays: 7 },
      { userId: s.alice, now: SCENARIO_NOW, periodDays: 30 },
      { userId: s.alice, now: SCENARIO_NOW, role: 'backend' },
      { userId: s.alice, now: SCENARIO_NOW, workspaceId: s.w2 },
      { userId: s.alice, now: SCENARIO_NOW, role: 'frontend', periodDays: 7 },
    ];
    for (let round = 0; round < 2; round += 1) {
      for (const options of scopes) expect(await cache.report(db.repos, options)).toEqual(await fresh(options));
    }
    const answers: number[] = [];
    for (const options of scopes) answers.push((await cache.report(db.repos, options)).totals.answers);
    expect(new Set(answers).size).toBeGreaterThan(2);
  });

  it('agrees with a fresh report as the clock moves answers out of the windows and the period, and days pass', async () => {
    const cache = new ProgressReportCache();
    const { source, builds } = counted(db.repos);
    const answerTimes = ['2026-10-01T10:00:00Z', '2026-10-01T10:05:00Z', '2026-11-10T10:00:00Z', '2026-11-10T10:10:00Z',
      '2026-11-20T09:00:00Z', '2026-11-23T20:00:00Z', '2026-11-24T08:00:00Z', '2026-11-24T13:00:00Z'].map((t) => Date.parse(t));
    const start = SCENARIO_NOW.getTime();
    const end = start + 62 * DAY;
    // An irregular sweep, plus every instant an answer reaches a boundary (and 1 ms either side), plus midnights.
    const instants = new Set<number>();
    for (let t = start; t < end; t += 19 * HOUR + 13 * 60_000) instants.add(t);
    for (const answer of answerTimes) {
      for (const offset of [0, 7, 14, 30, 60].map((d) => d * DAY)) for (const e of [-1, 0, 1]) instants.add(answer + offset + e);
    }
    for (let day = Math.ceil(start / DAY) * DAY; day < end; day += DAY) for (const e of [-1, 0, 1]) instants.add(day + e);
    const times = [...instants].filter((t) => t >= start && t < end).sort((a, b) => a - b);

    let asked = 0;
    for (const periodDays of [null, 7, 30]) {
      for (const t of times) {
        const options = { userId: s.alice, now: at(t), periodDays };
        expect(await cache.report(source, options), `${at(t).toISOString()} period ${String(periodDays)}`).toEqual(await fresh(options));
        asked += 1;
      }
    }
    // Many moments were answered from memory (the sweep is dense in boundaries and midnights, so not most).
    expect(builds()).toBeLessThan(asked / 2);
  });

  it('keeps at most its bound of people, the least recently asked out first', async () => {
    const cache = new ProgressReportCache(2, 2);
    for (const userId of [s.alice, s.bob, s.carol]) await cache.report(db.repos, { userId, now: SCENARIO_NOW });
    expect(cache.size).toBe(2);
    for (const periodDays of [1, 2, 3]) await cache.report(db.repos, { userId: s.carol, now: SCENARIO_NOW, periodDays });
    expect(cache.size).toBe(3);
  });

  it('bumps the version in the rollup refresh\'s transaction, and reads it through the gate, never inside another caller\'s transaction', async () => {
    const answerId = await createHistorySeeder(db.handle).answer({ user: s.alice, session: 's5', at: '2026-11-24T09:00:00Z', category: 'CSS', score: 3 });
    const committed = await db.repos.progressVersions.current(s.alice);
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writing = db.handle.transaction(async (tx) => {
      await refreshProgressRollups(db.handle, tx, answerId);
      entered();
      await held;
      throw new Error('rolled back');
    });
    await inside;
    // Asked while the transaction with the bump is open: the gate makes the read wait for it to end.
    const reading = db.repos.progressVersions.current(s.alice);
    release();
    await expect(writing).rejects.toThrow('rolled back');
    expect(await reading).toBe(committed);
    expect(await db.repos.progressVersions.current(s.alice)).toBe(committed);

    // Committed, the refresh moves the version on.
    await db.handle.transaction((tx) => refreshProgressRollups(db.handle, tx, answerId));
    expect(await db.repos.progressVersions.current(s.alice)).toBe((committed ?? 0) + 1);
  });
});
