// storage: SQLite and PostgreSQL
// The month rollups (progress_months, progress_category_months, progress_filler_months) against the day rows they
// sum, and the day rows' single-role session counts against progress_sessions: after answers scored on both sides of
// a month boundary, a session whose start moves back a day (and a month) when an earlier answer is scored late, a
// session that gains a second role, and /forget-me. The report from them equals the full scan's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { sqlDialects } from '../../src/db/dialect.js';
import { createAnswerRepository } from '../../src/db/repositories/answerRepository.js';
import { createProgressScanRepository } from '../../src/db/repositories/progressScanRepository.js';
import { createPeerRatingRepository } from '../../src/db/repositories/peerRatingRepository.js';
import { createStoryCoverageRepository } from '../../src/db/repositories/storyCoverageRepository.js';
import { buildProgressReport, type ProgressReportOptions } from '../../src/commands/progress/buildProgressReport.js';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { handWrittenStatements } from '../helpers/migrationsUpTo.js';
import { createHistorySeeder, type HistorySeeder } from '../helpers/seedHistory.js';
import { person, questionId, sessionId, type AnswerId, type UserId, type WorkspaceId } from '../helpers/ids.js';

const NOW = new Date('2026-12-10T12:00:00.000Z');

let temp: TempDatabase;
let database: Database;
let seed: HistorySeeder;
let alice: UserId;
let bob: UserId;
let workspace: WorkspaceId;

type Row = Record<string, unknown>;

const TEXT_COLUMNS = new Set(['role', 'day', 'month', 'category', 'word']);
/** Counts and sums as numbers on both databases. */
const asNumbers = (rows: Row[]): Row[] =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && !TEXT_COLUMNS.has(k) ? Number(v) : v])));

/** Each month table as stored, and as the sum of its day rows. */
async function monthsAndDaySums(): Promise<{ stored: Row[][]; summed: Row[][] }> {
  const keys = 'user_id, workspace_id, role';
  const month = 'substr(day, 1, 7)';
  const tables = [
    {
      months: `SELECT ${keys}, month, answers, scored, score_hi, score_lo, first_scored_at, last_scored_at, sessions FROM progress_months`,
      days: `SELECT ${keys}, ${month} AS month, sum(answers) AS answers, sum(scored) AS scored, sum(score_hi) AS score_hi, sum(score_lo) AS score_lo,
               min(first_scored_at) AS first_scored_at, max(last_scored_at) AS last_scored_at, sum(sessions) AS sessions
             FROM progress_days GROUP BY ${keys}, ${month}`,
      order: 'user_id, month, workspace_id, role',
    },
    {
      months: `SELECT ${keys}, month, category, answers, score_hi, score_lo FROM progress_category_months`,
      days: `SELECT ${keys}, ${month} AS month, category, sum(answers) AS answers, sum(score_hi) AS score_hi, sum(score_lo) AS score_lo
             FROM progress_category_days GROUP BY ${keys}, ${month}, category`,
      order: 'user_id, month, workspace_id, role, category',
    },
    {
      months: `SELECT ${keys}, month, word, count FROM progress_filler_months`,
      days: `SELECT ${keys}, ${month} AS month, word, sum(count) AS count FROM progress_filler_days GROUP BY ${keys}, ${month}, word`,
      order: 'user_id, month, workspace_id, role, word',
    },
  ];
  const stored: Row[][] = [];
  const summed: Row[][] = [];
  for (const t of tables) {
    stored.push(asNumbers(await database.rows<Row>(sql.raw(`SELECT * FROM (${t.months}) AS m ORDER BY ${t.order}`))));
    summed.push(asNumbers(await database.rows<Row>(sql.raw(`SELECT * FROM (${t.days}) AS d ORDER BY ${t.order}`))));
  }
  return { stored, summed };
}

/** progress_days.sessions as stored, and as counted from progress_sessions (single-role rows by their start day). */
async function daySessions(): Promise<{ stored: Row[]; counted: Row[] }> {
  const d = sqlDialects[database.dialect];
  const stored = await database.rows<Row>(
    sql`SELECT user_id, workspace_id, role, day, sessions FROM progress_days WHERE sessions > 0 ORDER BY user_id, day, workspace_id, role`,
  );
  const counted = await database.rows<Row>(
    sql`SELECT user_id, workspace_id, role, day, count(*) AS sessions FROM (
          SELECT user_id, workspace_id, role, ${d.msDay(sql.raw('started_at'))} AS day FROM progress_sessions WHERE roles = 1) AS s
        GROUP BY user_id, workspace_id, role, day ORDER BY user_id, day, workspace_id, role`,
  );
  return { stored: asNumbers(stored), counted: asNumbers(counted) };
}

async function expectMonthsAreSumsOfDays(): Promise<void> {
  const { stored, summed } = await monthsAndDaySums();
  expect(stored).toEqual(summed);
  const sessions = await daySessions();
  expect(sessions.stored).toEqual(sessions.counted);
}

async function expectReportsMatchScan(users: UserId[]): Promise<void> {
  const scan = { progress: createProgressScanRepository(database), stories: createStoryCoverageRepository(database), peerRatings: createPeerRatingRepository(database) };
  for (const userId of users) {
    for (const now of [NOW, new Date('2026-11-30T23:59:59.999Z'), new Date('2026-12-01T00:05:00.000Z')]) {
      for (const periodDays of [null, 1, 30]) {
        for (const role of [null, 'frontend', 'backend'] as const) {
          const o: ProgressReportOptions = { userId, now, periodDays, role };
          expect(await buildProgressReport(database, o), JSON.stringify(o)).toEqual(await buildProgressReport(scan, o));
        }
      }
    }
  }
}

async function monthRows(userId: UserId): Promise<Row[]> {
  return asNumbers(
    await database.rows<Row>(sql`SELECT month, role, answers, scored, sessions FROM progress_months WHERE user_id = ${userId} ORDER BY month, role`),
  );
}

/** Scores an answer stored without one, as a resumed round does later. */
async function scoreLate(answerId: AnswerId, score: number): Promise<void> {
  await createAnswerRepository(database).saveEvaluation({
    answerId, score, relevance: score, depth: score, structure: score, clarity: score, feedback: 'Feedback.', idealAnswer: 'Ideal.',
    keywordsCovered: [], keywordsMissed: [], evaluator: 'rubric',
  });
}

beforeAll(async () => {
  temp = await createTempDatabase();
  database = temp.database;
  seed = createHistorySeeder(database);
  alice = await seed.user('alice');
  bob = await seed.user('bob');
  workspace = await seed.workspace('guild');
  // September to December, so the report reads whole months (October, November) and days at both ends.
  await seed.session({ id: 'early', workspace, at: '2026-09-20T10:00:00.000Z' });
  await seed.answer({ user: alice, session: 'early', at: '2026-09-20T10:00:00.000Z', score: 6, category: 'React', fillers: { um: 2 } });
  await seed.answer({ user: bob, session: 'early', at: '2026-09-20T10:01:00.000Z', score: 5, category: 'React' });
  for (let i = 0; i < 8; i += 1) {
    const at = new Date(Date.parse('2026-10-03T09:00:00.000Z') + i * 6 * 86_400_000).toISOString();
    await seed.session({ id: `mid${i}`, workspace, at });
    await seed.answer({ user: alice, session: `mid${i}`, at, score: 4 + (i % 5), category: i % 2 ? 'CSS' : 'React', fillers: { like: 1 } });
    await seed.answer({ user: bob, session: `mid${i}`, at, score: 7, category: 'Testing', fillers: { so: i } });
  }
});

afterAll(async () => {
  await temp?.cleanup();
});

describe('/progress month rollups', () => {
  it('sum the day rows when a round runs across a month boundary', async () => {
    await seed.session({ id: 'boundary', workspace, at: '2026-10-31T23:50:00.000Z' });
    await seed.answer({ user: alice, session: 'boundary', at: '2026-10-31T23:50:00.000Z', score: 7.3, category: 'CSS', fillers: { um: 1 } });
    await seed.answer({ user: alice, session: 'boundary', at: '2026-11-01T00:10:00.000Z', score: 8.1, category: 'CSS', fillers: { um: 3 } });
    await expectMonthsAreSumsOfDays();
    // The round counts once, in October, where it started; its answers count in their own months.
    const rows = await monthRows(alice);
    expect(rows.find((r) => r.month === '2026-10')).toMatchObject({ answers: 6, scored: 6, sessions: 6 });
    expect(rows.find((r) => r.month === '2026-11')).toMatchObject({ answers: 4, scored: 4, sessions: 3 });
    await expectReportsMatchScan([alice, bob]);
  });

  it('move a round to the month it now starts in when an earlier answer is scored late', async () => {
    await seed.session({ id: 'late', workspace, at: '2026-11-30T23:55:00.000Z' });
    const unscored = await seed.answer({ user: alice, session: 'late', at: '2026-11-30T23:55:00.000Z', category: 'React' });
    await seed.answer({ user: alice, session: 'late', at: '2026-12-01T00:05:00.000Z', score: 9, category: 'React' });
    await expectMonthsAreSumsOfDays();
    expect((await monthRows(alice)).find((r) => r.month === '2026-12')).toMatchObject({ answers: 1, scored: 1, sessions: 1 });

    await scoreLate(unscored, 2.7);
    await expectMonthsAreSumsOfDays();
    const rows = await monthRows(alice);
    expect(rows.find((r) => r.month === '2026-12')).toMatchObject({ answers: 1, scored: 1, sessions: 0 });
    expect(rows.find((r) => r.month === '2026-11')).toMatchObject({ answers: 5, scored: 5, sessions: 4 });
    await expectReportsMatchScan([alice]);
  });

  it('stop counting a round per day once it has a second role, and the report still counts it once', async () => {
    const answers = createAnswerRepository(database);
    const [question] = await database.rows<{ id: number }>(sql`SELECT id FROM questions WHERE session_id = 'mid1' LIMIT 1`);
    if (!question) throw new Error('no question');
    await answers.create({
      sessionId: sessionId('mid1'), questionId: questionId(question.id), userId: bob, workspaceId: workspace, role: 'backend', category: 'APIs',
      inputKind: 'text', transcript: 'A backend answer.', status: 'scored', createdAt: new Date('2026-11-03T10:00:00.000Z'),
    }).then(({ id }) => scoreLate(id, 6.5));
    await expectMonthsAreSumsOfDays();
    const multi = await database.rows<{ roles: number }>(sql`SELECT roles FROM progress_sessions WHERE user_id = ${bob} AND session_id = 'mid1'`);
    expect(multi.map((r) => Number(r.roles))).toEqual([2, 2]);
    await expectReportsMatchScan([bob]);
  });

  it('are what the migration back-fills from the day rows', async () => {
    const before = await monthsAndDaySums();
    const sessionsBefore = await daySessions();
    expect(sessionsBefore.stored.length).toBeGreaterThan(0);
    await database.run(sql`DELETE FROM progress_months`);
    await database.run(sql`DELETE FROM progress_category_months`);
    await database.run(sql`DELETE FROM progress_filler_months`);
    await database.run(sql`UPDATE progress_days SET sessions = 0`);
    for (const statement of handWrittenStatements(database.dialect, '_progress_months.sql')) await database.run(sql.raw(statement));
    expect(await monthsAndDaySums()).toEqual(before);
    expect(await daySessions()).toEqual(sessionsBefore);
  });

  it('go with the person who used /forget-me, and everyone else keeps theirs', async () => {
    await temp.repos.privacy.forget(person('discord', 'alice'));
    expect(await monthRows(alice)).toEqual([]);
    expect((await monthRows(bob)).length).toBeGreaterThan(0);
    await expectMonthsAreSumsOfDays();
    await expectReportsMatchScan([bob]);
  });
});
