// storage: SQLite and PostgreSQL
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetMe } from '../../src/commands/forgetMe.js';
import { buildProgressReport, progressCard } from '../../src/commands/progress/index.js';
import { progressChartData } from '../../src/commands/progress/renderProgressPng.js';
import { buildProgressChartConfigs } from '../../src/charts/progressChartConfigs.js';
import { pearson, ranks, scorerAgreement, spearman } from '../../src/commands/scorerAgreement.js';
import type { Question } from '../../src/pipeline/questions/types.js';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { countRows } from '../helpers/inspectDatabase.js';
import { person, place, sessionId, type AnswerId, type UserId } from '../helpers/ids.js';
import { inChannel } from '../helpers/locations.js';
import { handWrittenStatements } from '../helpers/migrationsUpTo.js';

const question: Question = { id: 'backend:a', role: 'backend', category: 'Databases', difficulty: 'mid', text: 'How would you index a large table?', keywords: [], idealAnswer: 'Use an index.', star: false, origin: 'bank' };
const ALICE = person('discord', 'u1', 'alice');
const BOB = person('discord', 'u2', 'bob');

let db: TempDatabase;
beforeEach(async () => {
  db = await createTempDatabase();
});
afterEach(async () => db.cleanup());

/** A two-person round `id`: each answers once with these scores; returns the answer ids. */
async function round(id: string, scores: { alice: number; bob: number }, at: Date): Promise<{ alice: AnswerId; bob: AnswerId; aliceId: UserId; bobId: UserId }> {
  const ws = await db.repos.identity.upsertWorkspace(place('discord', 'g1'));
  const a = await db.repos.identity.upsertUser(ALICE);
  const b = await db.repos.identity.upsertUser(BOB);
  const session = await db.repos.sessions.create(
    { id: sessionId(id), kind: 'interview', workspaceId: ws.id, hostUserId: a.id, location: inChannel(`c-${id}`), role: 'backend', difficulty: 'mid', questionCount: 1, mode: 'text', status: 'ended' },
    [question],
  );
  const q = (await db.repos.sessions.questions(session.id))[0];
  if (!q) throw new Error('no question');
  const ids: AnswerId[] = [];
  for (const [user, score] of [[a, scores.alice], [b, scores.bob]] as const) {
    await db.repos.sessions.addParticipant(session.id, user.id);
    const answer = await db.repos.answers.create({ sessionId: session.id, questionId: q.id, userId: user.id, workspaceId: ws.id, role: 'backend', category: 'Databases', inputKind: 'text', transcript: 'x', status: 'transcribed', createdAt: at });
    await db.repos.answers.saveEvaluation({ answerId: answer.id, score, relevance: score, depth: score, structure: score, clarity: score, feedback: '', idealAnswer: '', keywordsCovered: [], keywordsMissed: [], evaluator: 'rubric', model: null });
    ids.push(answer.id);
  }
  const [alice, bob] = ids;
  if (alice === undefined || bob === undefined) throw new Error('no answers');
  return { alice, bob, aliceId: a.id, bobId: b.id };
}

describe('forget-me and peer ratings', () => {
  it('deletes the ratings a person gave and the ratings their answers received', async () => {
    const r = await round('s1', { alice: 6, bob: 8 }, new Date());
    await db.repos.peerRatings.rate(r.bob, r.aliceId, { stars: 4 });
    await db.repos.peerRatings.rate(r.alice, r.bobId, { stars: 2, tags: ['clear'] });
    expect(await countRows(db.database, 'peer_ratings')).toBe(2);
    await forgetMe(db, ALICE);
    expect(await countRows(db.database, 'peer_ratings')).toBe(0);
    // Bob's answer stays; only what Alice gave it is gone.
    expect(await db.repos.answers.get(r.bob)).toBeDefined();
  });
});

describe('/progress shows the peer-rating trend', () => {
  it('per rated round, the people’s average beside the scorer’s, in the JSON and as a text line', async () => {
    const day = 86_400_000;
    const now = Date.now();
    const first = await round('s1', { alice: 5, bob: 7 }, new Date(now - 3 * day));
    const second = await round('s2', { alice: 8, bob: 7 }, new Date(now - day));
    await db.repos.peerRatings.rate(first.alice, first.bobId, { stars: 2 });
    await db.repos.peerRatings.rate(second.alice, second.bobId, { stars: 4 });
    await db.repos.peerRatings.rate(second.alice, second.bobId, { tags: ['specific'] });
    const report = await buildProgressReport(db.repos, { userId: first.aliceId });
    expect(report.peerRatings).toMatchObject({
      ratings: 2,
      average: 3,
      points: [
        { sessionId: 's1', ratings: 1, peerAverage: 2, scorerAverage: 5 },
        { sessionId: 's2', ratings: 1, peerAverage: 4, scorerAverage: 8 },
      ],
    });
    const trend = progressCard(report).fields?.find((f) => f.name === 'Trend')?.value ?? '';
    expect(trend).toContain('Peer ratings: 2.0★ → 4.0★ over 2 rated rounds (2 ratings, 3.0★ overall); scorer on the same answers 5.0 → 8.0/10');
    // The chart's score panel gets a peer line, stars × 2 on the 0–10 axis, per session.
    const chart = progressChartData(report);
    expect(chart.trend.peerStarsScaled).toEqual([4, 8]);
    const labels = (data: ReturnType<typeof progressChartData>) => buildProgressChartConfigs(data, { theme: 'dark' }).score.data.datasets.map((d) => d.label);
    expect(labels(chart)).toContain('Peer stars × 2');
    // Bob was never rated: no peer line for him.
    const bobReport = await buildProgressReport(db.repos, { userId: first.bobId });
    expect(bobReport.peerRatings).toEqual({ ratings: 0, average: null, points: [] });
    expect(progressCard(bobReport).fields?.find((f) => f.name === 'Trend')?.value ?? '').not.toContain('Peer ratings');
    expect(progressChartData(bobReport).trend.peerStarsScaled).toBeUndefined();
    expect(labels(progressChartData(bobReport))).not.toContain('Peer stars × 2');
  });
});

describe('migration: ratings stored before they carried their answer\'s owner', () => {
  it('the hand-written back-fill gives each rating its answer\'s owner, so /progress finds them again', async () => {
    const r = await round('s-old', { alice: 6, bob: 7 }, new Date(Date.now() - 86_400_000));
    await db.repos.peerRatings.rate(r.alice, r.bobId, { stars: 3 });
    await db.repos.peerRatings.rate(r.bob, r.aliceId, { stars: 5 });
    const before = (await buildProgressReport(db.repos, { userId: r.aliceId })).peerRatings;
    expect(before).toMatchObject({ ratings: 1, average: 3 });
    // As a version before the column left them.
    await db.database.run(sql`UPDATE peer_ratings SET answer_user_id = NULL`);
    expect((await buildProgressReport(db.repos, { userId: r.aliceId })).peerRatings).toMatchObject({ ratings: 0 });
    for (const statement of handWrittenStatements(db.database.dialect, '_peer_ratings_answer_user.sql')) await db.database.run(sql.raw(statement));
    expect((await buildProgressReport(db.repos, { userId: r.aliceId })).peerRatings).toEqual(before);
    expect((await buildProgressReport(db.repos, { userId: r.bobId })).peerRatings).toMatchObject({ ratings: 1, average: 5 });
  });
});

describe('scorer agreement', () => {
  it('Pearson and Spearman match hand-computed values; ties share their average rank', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // x = 1..5, y = 2,1,4,3,5: r = 0.8 (sxy 8, sxx 10, syy 10).
    expect(pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    // Monotone but not linear: Spearman 1, Pearson below 1.
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 100])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [1, 4, 9, 100])).toBeLessThan(0.9);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1, 2], [1, 2])).toBeNull();
  });

  it('correlates stored scores with each answer’s average stars, with n answers and ratings', async () => {
    const r1 = await round('s1', { alice: 3, bob: 9 }, new Date());
    const r2 = await round('s2', { alice: 6, bob: 5 }, new Date());
    await db.repos.peerRatings.rate(r1.alice, r1.bobId, { stars: 2 });
    await db.repos.peerRatings.rate(r1.bob, r1.aliceId, { stars: 5 });
    await db.repos.peerRatings.rate(r2.alice, r2.bobId, { stars: 4 });
    await db.repos.peerRatings.rate(r2.bob, r2.aliceId, { stars: 1 });
    // Scores 3, 9, 6, 5 (ranks 1 4 3 2) against stars 2, 5, 4, 1 (ranks 2 4 3 1): rho = 1 − 6·2/(4·15) = 0.8.
    const report = scorerAgreement(await db.repos.peerRatings.scoredPairs());
    expect(report).toEqual({ answers: 4, ratings: 4, pearson: expect.any(Number), spearman: 0.8 });
    expect(report.pearson).toBeCloseTo(pearson([3, 9, 6, 5], [2, 5, 4, 1]) ?? NaN, 3);
  });
});
