// storage: SQLite and PostgreSQL
import { describe, expect, it } from 'vitest';
import { testsOnPostgres } from '../helpers/tempPgDatabase.js';
import { progressQueries } from '../../src/db/repositories/progressScanRepository.js';
import { buildProgressReport } from '../../src/commands/progress/buildProgressReport.js';
import { SCENARIO_NOW } from '../helpers/seedHistory.js';
import { useSeededProgressScenario } from '../helpers/seededProgressScenario.js';
import { userId } from '../helpers/ids.js';

const seeded = useSeededProgressScenario();

const now = SCENARIO_NOW;

describe('buildProgressReport on a seeded database', () => {
  it('counts scored answers and sessions up to now, ignoring failed and later answers and other users', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now });
    expect(r.hasHistory).toBe(true);
    // a1..a5, a7, a8 are scored; the failed s3 answer and the 13:00 answer after `now` are not counted.
    expect(r.totals).toEqual({
      sessions: 5,
      answers: 7,
      firstAnswerAt: '2026-10-01T10:00:00.000Z',
      lastAnswerAt: '2026-11-24T08:00:00.000Z',
    });
  });

  it('compares the last 7 and 30 days with the span just before', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now });
    // 7 d: (17 Nov 12:00, now] holds 9, 5, 7; the 7 days before hold nothing (10 Nov 10:00 is just outside).
    expect(r.scoreWindows[0]).toEqual({ days: 7, current: 7, currentAnswers: 3, previous: null, previousAnswers: 0, change: null });
    // 30 d: 8, 7, 9, 5, 7 → 7.2 against 6, 4 → 5.
    expect(r.scoreWindows[1]).toEqual({ days: 30, current: 7.2, currentAnswers: 5, previous: 5, previousAnswers: 2, change: 2.2 });
  });

  it('ranks categories by average score and names the best and weakest', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now });
    expect(r.categories).toEqual([
      { category: 'React', answers: 3, avgScore: 7.67 },
      { category: 'Behavioral', answers: 1, avgScore: 7 },
      { category: 'CSS', answers: 2, avgScore: 5.5 },
      { category: 'System design', answers: 1, avgScore: 5 },
    ]);
    expect(r.best?.category).toBe('React');
    expect(r.weakest?.category).toBe('System design');
  });

  it('sums fillers across answers and keeps the three most frequent', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now });
    expect(r.fillers).toEqual([
      { word: 'um', count: 10 },
      { word: 'like', count: 3 },
      { word: 'basically', count: 2 },
    ]);
  });

  it('counts a streak of consecutive UTC days ending today', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now });
    expect(r.streak).toEqual({ days: 2, practisedToday: true, lastPracticeDay: '2026-11-24' });
  });

  it('averages criteria over spoken/all answers as appropriate', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now });
    expect(r.recent).toEqual({
      answers: 7,
      spokenAnswers: 6,
      score: 6.57, // 46 / 7
      criteria: { relevance: 6.71, depth: 6, structure: 6.29, clarity: 7.14 }, // 47/7, 42/7, 44/7, 50/7
      fillersPerMinute: 2.75, // (3 + 4.5 + 2 + 1 + 6 + 0) / 6, the typed answer has none
      wpm: 125.83, // 755 / 6
      longestPauseSec: 2.83, // 17 / 6
      missedKeywords: [
        { word: 'keys', count: 4 },
        { word: 'specificity', count: 2 },
        { word: 'caching', count: 1 },
      ],
    });
  });

  it('derives the three things to work on from the figures furthest past their thresholds', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now });
    expect(r.focus.map((f) => [f.kind, f.severity])).toEqual([
      ['keywords', 0.571], // keys missed in 4 of 7 answers
      ['depth', 0.143], // (7 − 6) / 7
      ['structure', 0.101], // (7 − 6.29) / 7; relevance (6.71) is fourth and left out
    ]);
    expect(r.focus[0]?.text).toBe('Cover points you often miss: keys (4×), specificity (2×)');
  });

  it('builds the session trend with a trailing moving average', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now });
    expect(r.trend.map((p) => [p.sessionId, p.answers, p.score, p.scoreMovingAverage, p.fillersPerMinute, p.wpm, p.deliveryScore])).toEqual([
      ['s1', 2, 5, 5, 3.75, 105, 60],
      ['s2', 2, 7.5, 6.25, 2, 150, 80], // the typed answer adds to the score but not to delivery
      ['s3', 1, 9, 7.17, 1, 170, 85],
      ['s4', 1, 5, 7.17, 6, 95, 40],
      ['s5', 1, 7, 7, 0, 130, 75],
    ]);
  });

  it('uses sessions before the shown ones for the moving average', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now, trendSessions: 2 });
    expect(r.trend.map((p) => [p.sessionId, p.scoreMovingAverage])).toEqual([
      ['s4', 7.17], // (7.5 + 9 + 5) / 3
      ['s5', 7],
    ]);
  });

  it('puts delivery first when one workspace shows fillers, pauses and a slow pace', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, workspaceId: seeded.scenario.w2, now });
    expect(r.totals.answers).toBe(1);
    expect(r.focus.map((f) => [f.kind, f.severity])).toEqual([
      ['fillers', 1], // (6 − 3) / 3
      ['pauses', 0.667], // (5 − 3) / 3
      ['depth', 0.429], // (7 − 4) / 7; pace 95 wpm (0.05) ranks below
    ]);
    expect(r.focus[0]?.text).toBe('Cut fillers: 6.0 per minute (aim for under 3)');
    expect(r.weakest).toBeNull();
    expect(r.streak).toEqual({ days: 1, practisedToday: false, lastPracticeDay: '2026-11-23' });
  });

  it('restricts to a role and a period, but compares score windows over the role only', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, role: 'frontend', periodDays: 30, now });
    expect(r.scope).toEqual({ userId: seeded.scenario.alice, workspaceId: null, role: 'frontend', periodDays: 30, since: '2026-10-25T12:00:00.000Z' });
    expect(r.totals.answers).toBe(4);
    expect(r.totals.sessions).toBe(3);
    expect(r.scoreWindows[1]).toMatchObject({ current: 7.75, previous: 5, change: 2.75 });
    // Behavioral and CSS tie at 7 with one answer each: alphabetical.
    expect(r.categories.map((c) => [c.category, c.avgScore])).toEqual([
      ['React', 8.5],
      ['Behavioral', 7],
      ['CSS', 7],
    ]);
    expect(r.streak.days).toBe(1);
  });

  it('fills the list with the weakest criterion and category when nothing is past a threshold', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, role: 'frontend', periodDays: 7, now });
    expect(r.focus.map((f) => [f.kind, f.value, f.severity])).toEqual([
      ['structure', 7, 0],
      ['category', 7, 0],
    ]);
    expect(r.focus[1]?.text).toBe('Practise CSS: your weakest category (7.0/10)');
  });

  it('reports no history for someone who never practised', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.nobody, now });
    expect(r.hasHistory).toBe(false);
    expect(r.totals).toEqual({ sessions: 0, answers: 0, firstAnswerAt: null, lastAnswerAt: null });
    expect(r.trend).toEqual([]);
    expect(r.focus).toEqual([]);
    expect(r.streak).toEqual({ days: 0, practisedToday: false, lastPracticeDay: null });
  });

  it('is JSON-serialisable as it is', async () => {
    const r = await buildProgressReport(seeded.database, { userId: seeded.scenario.alice, now });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

// SQLite's query plans and bound values (Postgres binds timestamptz and needs no index hints; its plans are in docs/BENCHMARKS.md).
describe.skipIf(testsOnPostgres)('full-scan reference queries (SQLite)', () => {
  function plan(query: { toSQL(): { sql: string; params: unknown[] } }): string {
    const { sql, params } = query.toSQL();
    if (seeded.database.dialect !== 'sqlite') throw new Error('SQLite plans only');
    const rows = seeded.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params);
    return rows.map((row) => (typeof row === 'object' && row !== null && 'detail' in row ? String(row.detail) : '')).join('\n');
  }

  it('walk the user-time index, or the workspace-user-time index when a workspace is given', async () => {
    const q = progressQueries(seeded.database);
    const scope = { userId: seeded.scenario.alice, until: now };
    for (const query of [q.sessions(scope), q.categories(scope), q.topFillers(scope, 3), q.practiceDays(scope), q.recentAverages(scope, 50)]) {
      expect(plan(query)).toMatch(/answers USING (COVERING )?INDEX answers_user_time/);
    }
    expect(plan(q.sessions({ ...scope, workspaceId: seeded.scenario.w1 }))).toMatch(/INDEX answers_workspace_user_time/);
    expect(plan(q.scoreWindow(scope, now, 30))).toMatch(/INDEX answers_user_time \(user_id=\? AND created_at>\? AND created_at<\?\)/);
  });

  it('bind times as epoch milliseconds', async () => {
    const { params } = progressQueries(seeded.database).categories({ userId: userId(7), since: new Date(1000), until: new Date(2000) }).toSQL();
    expect(params).toEqual([7, 1000, 2000]);
  });
});
