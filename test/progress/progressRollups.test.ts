// storage: SQLite only — compares the rollups with full scans through the SQLite handle; test/progress/postgresProgress.test.ts does the same on Postgres.
// The rollup-based /progress report against the full scan it replaced, on a real SQLite file with a varied history:
// group and solo sessions, sessions over midnight and across period bounds, re-scored answers, re-saved metrics,
// failed and unfinished answers, typed-only users, answers after `now`, and a user who used /forget-me.
import { createPeerRatingRepository } from '../../src/db/repositories/peerRatingRepository.js';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { getTableColumns, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/applyMigrations.js';
import { openDatabase, type Db, type DbHandle } from '../../src/db/client.js';
import { createAnswerRepository } from '../../src/db/repositories/answerRepository.js';
import { createIdentityRepository } from '../../src/db/repositories/identityRepository.js';
import { createProgressScanRepository } from '../../src/db/repositories/progressScanRepository.js';
import { createStoryCoverageRepository } from '../../src/db/repositories/storyCoverageRepository.js';
import * as schema from '../../src/db/schema.js';
import { answers, evaluations, metrics, questions, sessions, users, workspaces } from '../../src/db/schema.js';
import { buildProgressReport, type ProgressReportOptions } from '../../src/commands/progress/buildProgressReport.js';
import { prng } from '../helpers/prng.js';
import { answerId as toAnswerId, platformUserId, platformWorkspaceId, questionId as toQuestionId, sessionId as toSessionId, userId as toUserId, workspaceId as toWorkspaceId } from '../helpers/ids.js';

const DAY_MS = 86_400_000;
/** Each case writes a history of ~1,500 answers or compares hundreds of reports: seconds, more on a busy machine. */
const SLOW = 180_000;

const NOW = new Date('2026-11-24T12:00:00.000Z');
const ROLES = ['frontend', 'backend'] as const;
const CATEGORIES = ['React', 'CSS', 'Testing', 'System design', 'Behavioral', 'Ünïcode', 'Zeta'];
const FILLERS = ['um', 'uh', 'like', 'so', 'you know'];
const KINDS = ['text', 'voice', 'voice_message', 'audio_clip'] as const;

type Kind = (typeof KINDS)[number];

interface Evaluation {
  score: number;
  relevance: number;
  depth: number;
  structure: number;
  clarity: number;
  missed: string[];
}

interface Metrics {
  fillers: Record<string, number>;
  fillersPerMinute: number | null;
  hesitationsPerMinute: number | null;
  wpm: number | null;
  pauseLongestSec: number;
  deliveryScore: number | null;
}

/** One answer's life: created, maybe measured, maybe scored, maybe measured or scored again. */
interface PlannedAnswer {
  user: number;
  session: string;
  workspace: number;
  role: (typeof ROLES)[number];
  category: string;
  kind: Kind;
  at: number;
  metrics: Metrics | null;
  evaluation: Evaluation | null;
  /** Saved after the first metrics/evaluation, as a resumed or re-scored answer would be. */
  remeasured: Metrics | null;
  rescored: Evaluation | null;
}

interface Plan {
  users: number;
  workspaces: number;
  sessions: { id: string; workspace: number; role: (typeof ROLES)[number]; at: number }[];
  answers: PlannedAnswer[];
}

const tenth = (n: number) => Math.round(n * 10) / 10;

/** Deterministic history: user 1 practises a lot, user 2 only types, user 3 shares rounds, user 4 will be forgotten. */
function makePlan(seed: number): Plan {
  const rand = prng(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const evaluation = (): Evaluation => {
    const score = tenth(1 + rand() * 9);
    return { score, relevance: tenth(rand() * 10), depth: tenth(rand() * 10), structure: tenth(rand() * 10), clarity: tenth(rand() * 10),
      missed: rand() < 0.4 ? [pick(['keys', 'caching', 'result', 'trade-offs'])] : [] };
  };
  const measured = (kind: Kind): Metrics => {
    const fillers: Record<string, number> = {};
    for (let i = Math.floor(rand() * 4); i > 0; i -= 1) fillers[pick(FILLERS)] = 1 + Math.floor(rand() * 3);
    const spoken = kind !== 'text';
    return {
      fillers,
      fillersPerMinute: spoken && rand() < 0.9 ? tenth(rand() * 8) : null,
      hesitationsPerMinute: spoken && rand() < 0.5 ? tenth(rand() * 3) : null,
      wpm: spoken && rand() < 0.9 ? tenth(80 + rand() * 110) : null,
      pauseLongestSec: Math.round(rand() * 600) / 100,
      deliveryScore: spoken && rand() < 0.85 ? Math.round(30 + rand() * 70) : null,
    };
  };
  const plan: Plan = { users: 4, workspaces: 2, sessions: [], answers: [] };
  const start = NOW.getTime() - 75 * DAY_MS;
  for (let s = 0; s < 140; s += 1) {
    // Mostly in the past, a few straddling midnight, some on the day of `now` and after it.
    const at = s < 130 ? start + Math.floor(rand() * 75 * DAY_MS) : NOW.getTime() - Math.floor(rand() * 6 * 3_600_000) + (s % 3 === 0 ? 4 * 3_600_000 : 0);
    const id = `s${String(s).padStart(3, '0')}`;
    const workspace = rand() < 0.7 ? 1 : 2;
    const sessionRole = pick(ROLES);
    plan.sessions.push({ id, workspace, role: sessionRole, at });
    const typedOnly = s % 7 === 3;
    const people = typedOnly ? [2] : s % 5 === 0 ? [1, 3, 4] : s % 11 === 1 ? [4] : [1];
    // Some rounds stay open for hours (across midnight, across a period bound); a few span days.
    const gap = s % 13 === 0 ? 5 * 3_600_000 : s % 29 === 0 ? 2 * DAY_MS : 4 * 60_000;
    const questionCount = 1 + Math.floor(rand() * 5);
    for (let q = 0; q < questionCount; q += 1) {
      // Questions may carry another role than the round's, as generated ones can.
      const role = rand() < 0.1 ? pick(ROLES) : sessionRole;
      const category = pick(CATEGORIES);
      for (const user of people) {
        const kind: Kind = user === 2 ? 'text' : pick(KINDS);
        const fate = rand();
        const first = fate < 0.08 ? null : measured(kind);
        plan.answers.push({
          user, session: id, workspace, role, category, kind,
          at: at + q * gap + user * 7_000 + Math.floor(rand() * 1000) / 1,
          metrics: first,
          // Failed (metrics, no score) and unfinished (neither) answers still count as practice days.
          evaluation: first && fate > 0.15 ? evaluation() : null,
          remeasured: first && rand() < 0.1 ? measured(kind) : null,
          rescored: first && fate > 0.15 && rand() < 0.15 ? evaluation() : null,
        });
      }
    }
  }
  return plan;
}

interface Writer {
  user(id: number): unknown;
  workspace(id: number): unknown;
  session(s: Plan['sessions'][number]): unknown;
  answer(a: PlannedAnswer, questionId: number): number | Promise<number>;
  metrics(answerId: number, m: Metrics): unknown;
  evaluation(answerId: number, e: Evaluation): unknown;
}

function metricsRow(answerId: number, m: Metrics) {
  return {
    answerId: toAnswerId(answerId), wordCount: 120, fillersTotal: Object.values(m.fillers).reduce((x, y) => x + y, 0), fillersPerMinute: m.fillersPerMinute,
    fillersByWord: m.fillers, hedgesTotal: 0, hedgesByPhrase: {}, repetitions: 0, wpm: m.wpm, pauseCount: 1,
    pauseLongestSec: m.pauseLongestSec, pauseTotalSec: m.pauseLongestSec, speechSec: 50, deliveryScore: m.deliveryScore,
    hesitationsTotal: m.hesitationsPerMinute === null ? null : 1, hesitationsPerMinute: m.hesitationsPerMinute,
  };
}

function evaluationRow(answerId: number, e: Evaluation) {
  return {
    answerId: toAnswerId(answerId), score: e.score, relevance: e.relevance, depth: e.depth, structure: e.structure, clarity: e.clarity, feedback: 'Feedback.',
    idealAnswer: 'Ideal.', keywordsCovered: [], keywordsMissed: e.missed, evaluator: 'rubric' as const,
  };
}

/**
 * An insert naming only the columns given: the schema's own insert names every column, including those later
 * migrations add (0003's, 0005's), which a database from before the rollups does not have. Returns the row id.
 */
function insertGiven(db: Db, table: SQLiteTable, row: Record<string, unknown>, verb: 'INSERT' | 'INSERT OR REPLACE' = 'INSERT'): number {
  const columns: Record<string, { name: string }> = getTableColumns(table);
  const names = Object.keys(row).map((key) => sql.identifier(columns[key]?.name ?? key));
  const values = Object.values(row).map((v) => sql`${v instanceof Date ? v.getTime() : v !== null && typeof v === 'object' ? JSON.stringify(v) : v}`);
  const inserted = db.get<{ id: number }>(sql`${sql.raw(verb)} INTO ${table} (${sql.join(names, sql`, `)}) VALUES (${sql.join(values, sql`, `)}) RETURNING rowid AS id`);
  return inserted.id;
}

/** Rows written straight into the tables, as a database from before the rollups holds them. */
function rawWriter(db: Db): Writer {
  return {
    user: (id) => {
      insertGiven(db, users, { id: toUserId(id), platform: 'discord', platformUserId: platformUserId(`u${id}`), displayName: `user ${id}` });
    },
    workspace: (id) => db.insert(workspaces).values({ id: toWorkspaceId(id), platform: 'discord', platformWorkspaceId: platformWorkspaceId(`w${id}`) }).run(),
    session: (s) => insertGiven(db, sessions, { id: s.id, kind: 'interview', workspaceId: s.workspace, channelId: 'c', role: s.role,
      difficulty: 'mid', questionCount: 5, mode: 'voice', status: 'ended', roundMode: 'everyone', topics: [], leaderboard: 0, currentIndex: 0,
      createdAt: new Date(s.at) }),
    answer: (a, questionId) => insertGiven(db, answers, { sessionId: toSessionId(a.session), questionId: toQuestionId(questionId), userId: toUserId(a.user), workspaceId: toWorkspaceId(a.workspace),
      role: a.role, category: a.category, inputKind: a.kind, transcript: 'An answer.', status: 'received', createdAt: new Date(a.at) }),
    metrics: (answerId, m) => {
      insertGiven(db, metrics, metricsRow(answerId, m), 'INSERT OR REPLACE');
    },
    evaluation: (answerId, e) => {
      const row = evaluationRow(answerId, e);
      db.insert(evaluations).values(row).onConflictDoUpdate({ target: evaluations.answerId, set: row }).run();
    },
  };
}

/** The app's own write path, which keeps the rollups as it goes. */
function repositoryWriter(database: DbHandle): Writer {
  const raw = rawWriter(database.db);
  const repo = createAnswerRepository(database);
  return {
    ...raw,
    answer: async (a, questionId) => (await repo.create({ sessionId: toSessionId(a.session), questionId: toQuestionId(questionId), userId: toUserId(a.user), workspaceId: toWorkspaceId(a.workspace), role: a.role,
      category: a.category, inputKind: a.kind, transcript: 'An answer.', status: 'received', createdAt: new Date(a.at) })).id,
    metrics: (answerId, m) => repo.saveMetrics(metricsRow(answerId, m)),
    evaluation: (answerId, e) => repo.saveEvaluation(evaluationRow(answerId, e)),
  };
}

/** Awaits each write (the repository writer's are async; the raw writer's are not). */
async function write(db: Db, plan: Plan, writer: Writer): Promise<void> {
  for (let u = 1; u <= plan.users; u += 1) await writer.user(u);
  for (let w = 1; w <= plan.workspaces; w += 1) await writer.workspace(w);
  for (const s of plan.sessions) await writer.session(s);
  let position = 0;
  const ids: [PlannedAnswer, number][] = [];
  for (const a of plan.answers) {
    const questionId = insertGiven(db, questions, { sessionId: a.session, position: (position += 1), questionKey: `q${position}`, role: a.role,
      category: a.category, difficulty: 'mid', text: 'Q?', keywords: [], idealAnswer: 'Ideal.', origin: 'bank', status: 'done', star: 0 });
    const id = await writer.answer(a, questionId);
    if (a.metrics) await writer.metrics(id, a.metrics);
    if (a.evaluation) await writer.evaluation(id, a.evaluation);
    ids.push([a, id]);
  }
  // Re-scoring and re-measuring come later, out of time order, as resumed answers do.
  for (const [a, id] of ids) {
    if (a.remeasured) await writer.metrics(id, a.remeasured);
    if (a.rescored) await writer.evaluation(id, a.rescored);
  }
}

const ROLLUP_TABLES = [
  'progress_days', 'progress_category_days', 'progress_filler_days', 'progress_sessions', 'progress_months', 'progress_category_months', 'progress_filler_months',
];

function rollupRows(sqlite: Database.Database): Record<string, unknown[]> {
  return Object.fromEntries(ROLLUP_TABLES.map((t) => [t, sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5`).all()]));
}

/** Every option the commands pass, at instants on and off day bounds. */
function reportOptions(): ProgressReportOptions[] {
  const nows = [NOW, new Date('2026-11-24T00:00:00.000Z'), new Date(NOW.getTime() - 9 * DAY_MS - 3_600_000 - 1)];
  const options: ProgressReportOptions[] = [];
  for (const userId of [1, 2, 3, 4, 99])
    for (const now of nows)
      for (const workspaceId of [null, 1, 2])
        for (const role of [null, ...ROLES])
          for (const periodDays of [null, 1, 30]) options.push({ userId: toUserId(userId), now, workspaceId: workspaceId === null ? null : toWorkspaceId(workspaceId), role, periodDays });
  return options;
}

async function expectSameReports(db: DbHandle, options: readonly ProgressReportOptions[]): Promise<void> {
  const reference = { progress: createProgressScanRepository(db), stories: createStoryCoverageRepository(db), peerRatings: createPeerRatingRepository(db) };
  for (const o of options) {
    expect(await buildProgressReport(db, o), JSON.stringify(o)).toEqual(await buildProgressReport(reference, o));
  }
}

let dir: string;
let handle: DbHandle;
let plan: Plan;
const opened: DbHandle[] = [];

/** A database written through the app's repositories, its own file so a test may change it. */
async function liveDb(name: string): Promise<DbHandle> {
  const live = openDatabase(path.join(dir, `${name}.db`));
  opened.push(live);
  // One transaction for speed; each repository write still runs in its own (nested) transaction.
  await live.transaction(() => write(live.db, makePlan(7), repositoryWriter(live)));
  return live;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-rollups-'));
  plan = makePlan(7);
  handle = await liveDb('shared');
}, SLOW);

afterAll(async () => {
  for (const h of opened) await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const RESCORE: Evaluation = { score: 0.1, relevance: 1, depth: 1, structure: 1, clarity: 1, missed: [] };

describe('/progress from rollups', () => {
  it('seeds the history the cases need', async () => {
    const count = (where: string) => (handle.sqlite.prepare(`SELECT count(*) AS n FROM answers a WHERE ${where}`).get() as { n: number }).n;
    expect(count('user_id = 1')).toBeGreaterThan(300);
    expect(count(`user_id = 2 AND input_kind <> 'text'`)).toBe(0);
    expect(count('user_id = 2')).toBeGreaterThan(20);
    expect(count('NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.answer_id = a.id)')).toBeGreaterThan(20);
    expect(count(`created_at > ${NOW.getTime()}`)).toBeGreaterThan(0);
    expect(plan.answers.filter((a) => a.rescored).length).toBeGreaterThan(10);
    const overMidnight = handle.sqlite
      .prepare(`SELECT count(*) AS n FROM progress_sessions WHERE date(started_at / 1000, 'unixepoch') <> date(last_at / 1000, 'unixepoch')`)
      .get() as { n: number };
    expect(overMidnight.n).toBeGreaterThan(0);
  });

  it('shows exactly what the full scan showed, for every user, workspace, role, period and instant', async () => {
    await expectSameReports(handle, reportOptions());
  }, SLOW);

  it('rebuilds the rows an answer belongs to when it is re-scored', async () => {
    const live = await liveDb('rescored');
    const [answer] = live.sqlite.prepare('SELECT answer_id AS id FROM evaluations ORDER BY answer_id DESC LIMIT 1').all() as { id: number }[];
    if (!answer) throw new Error('no scored answer');
    const before = rollupRows(live.sqlite);
    await createAnswerRepository(live).saveEvaluation(evaluationRow(answer.id, RESCORE));
    expect(rollupRows(live.sqlite)).not.toEqual(before);
    await expectSameReports(live, reportOptions().filter((o) => o.now === NOW));
  }, SLOW);

  it('matches what the migration back-fills on a database from before the rollups', async () => {
    // The migrations as they were before 0002 (none of the later ones either), applied to a new file written the old way.
    const oldMigrations = path.join(dir, 'migrations-0001');
    cpSync(path.join(import.meta.dirname, '..', '..', 'migrations'), oldMigrations, { recursive: true });
    const journalFile = path.join(oldMigrations, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string; idx: number }[] };
    for (const later of journal.entries.filter((e) => e.idx >= 2)) rmSync(path.join(oldMigrations, `${later.tag}.sql`));
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx < 2) }));
    const file = path.join(dir, 'upgraded.db');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    applyMigrations(old, oldMigrations);
    const db = drizzle(old, { schema });
    old.exec('BEGIN');
    await write(db, makePlan(7), rawWriter(db));
    old.exec('COMMIT');
    old.close();

    const upgraded = openDatabase(file);
    try {
      expect(rollupRows(upgraded.sqlite)).toEqual(rollupRows(handle.sqlite));
      await expectSameReports(upgraded, reportOptions().filter((o) => o.periodDays !== 1));
    } finally {
      await upgraded.close();
    }
  }, SLOW);

  it('forgets the rollups with the user', async () => {
    const live = await liveDb('forgotten');
    const rowsOf = (user: number) =>
      ROLLUP_TABLES.map((t) => (live.sqlite.prepare(`SELECT count(*) AS n FROM ${t} WHERE user_id = ?`).get(user) as { n: number }).n);
    expect(rowsOf(4).every((n) => n > 0)).toBe(true);
    await createIdentityRepository(live).deleteUser(toUserId(4));
    expect(rowsOf(4)).toEqual(ROLLUP_TABLES.map(() => 0));
    expect((await buildProgressReport(live, { userId: toUserId(4), now: NOW })).hasHistory).toBe(false);
    // Everyone else's progress is untouched, including the rounds they shared with user 4.
    await expectSameReports(live, reportOptions().filter((o) => o.userId !== 4 && o.now === NOW));
  }, SLOW);
});
