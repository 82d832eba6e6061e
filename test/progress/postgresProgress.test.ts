// storage: PostgreSQL only — /progress on Postgres compared with SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, openDatabase, type Database } from '../../src/db/index.js';
import { createProgressScanRepository } from '../../src/db/repositories/progressScanRepository.js';
import type { ProgressRepository, ProgressScope } from '../../src/db/repositories/progressRepository.js';
import { openPostgres } from '../../src/db/postgres/openPostgres.js';
import type { Question } from '../../src/pipeline/questions/types.js';
import { prng } from '../helpers/prng.js';
import { person, place, sessionId, type UserId, type WorkspaceId } from '../helpers/ids.js';
import { createTempPgDatabase, type TempPgDatabase } from '../helpers/tempPgDatabase.js';
import { inChannel } from '../helpers/locations.js';

/*
 * /progress on Postgres: the same history written through the repositories to a SQLite file and to a Postgres
 * database gives the same figures, the rollups on Postgres agree with the full scan on Postgres, and the score sums
 * (two 64-bit integer halves, `bigint` on Postgres) stay exact.
 */
const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 1, 9, 0, 0, 0);
const NOW = new Date(START + 45 * DAY);
const CATEGORIES = ['apis', 'caching', 'databases', 'queues', 'Über-systems'];
const ROLES = ['backend', 'frontend'] as const;

let dir: string;
let server: TempPgDatabase;
const databases: Database[] = [];
let onSqlite: ProgressRepository;
let onPg: ProgressRepository;
let scanOnPg: ProgressRepository;
let users: UserId[] = [];
let workspaces: WorkspaceId[] = [];

function question(role: string, category: string, i: number): Question {
  return {
    id: `${role}:q${i}`,
    role: role as Question['role'],
    category,
    difficulty: 'mid',
    text: `Question ${i}`,
    keywords: [{ term: 'cache', synonyms: [] }],
    idealAnswer: 'An ideal answer.',
    star: false,
    origin: 'bank',
  };
}

/** The same seeded history, written through the repositories (which keep the rollups). */
async function seed(database: Database): Promise<{ users: UserId[]; workspaces: WorkspaceId[] }> {
  const repos = createRepositories(database);
  const random = prng(18);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const userIds = [(await repos.identity.upsertUser(person('discord', 'ana'))).id, (await repos.identity.upsertUser(person('discord', 'bo'))).id];
  const workspaceIds = [
    (await repos.identity.upsertWorkspace(place('discord', 'g1'))).id,
    (await repos.identity.upsertWorkspace(place('discord', 'g2'))).id,
  ];
  for (let s = 0; s < 24; s += 1) {
    const role = pick(ROLES);
    const workspaceId = pick(workspaceIds);
    // Sessions start at odd minutes across 45 days; some run past midnight UTC.
    const startedAt = START + Math.floor(random() * 44 * DAY) + (s % 5 === 0 ? 23 * 3_600_000 + 50 * 60_000 : 0);
    const count = 2 + Math.floor(random() * 4);
    const questions = Array.from({ length: count }, (_, i) => question(role, pick(CATEGORIES), s * 10 + i));
    const session = await repos.sessions.create(
      { id: sessionId(`s${String(s).padStart(2, '0')}`), kind: 'interview', workspaceId, location: inChannel(`c${s}`), role, difficulty: 'mid', questionCount: count, mode: 'voice', status: 'ended', createdAt: new Date(startedAt) },
      questions,
    );
    const rows = await repos.sessions.questions(session.id);
    for (const [i, q] of rows.entries()) {
      for (const userId of userIds) {
        if (random() < 0.3) continue;
        const inputKind = pick(['text', 'voice', 'voice_message'] as const);
        const answer = await repos.answers.create({
          sessionId: session.id,
          questionId: q.id,
          userId,
          workspaceId,
          role,
          category: q.category,
          inputKind,
          status: 'transcribed',
          transcript: 'an answer',
          createdAt: new Date(startedAt + i * 97_531 + userId * 1_001),
        });
        await repos.answers.saveMetrics({
          answerId: answer.id,
          wordCount: 40,
          fillersTotal: 3,
          fillersPerMinute: inputKind === 'text' ? null : Math.round(random() * 80) / 10,
          fillersByWord: random() < 0.5 ? { um: 1 + Math.floor(random() * 3), like: 1 } : { uh: 2 },
          hedgesTotal: 0,
          hedgesByPhrase: {},
          repetitions: 0,
          wpm: inputKind === 'text' ? null : 100 + Math.round(random() * 600) / 10,
          pauseCount: 1,
          pauseLongestSec: Math.round(random() * 40) / 10,
          pauseTotalSec: 2,
          deliveryScore: inputKind === 'text' ? null : Math.round(random() * 100) / 10,
          firstWordSec: inputKind === 'voice' ? Math.round(random() * 50) / 10 : null,
        });
        if (random() < 0.15) continue; // scoring failed: practice without a score
        const score = Math.round(random() * 100) / 10;
        await repos.answers.saveEvaluation({
          answerId: answer.id,
          score,
          relevance: score,
          depth: Math.round(random() * 100) / 10,
          structure: Math.round(random() * 100) / 10,
          clarity: Math.round(random() * 100) / 10,
          feedback: 'ok',
          idealAnswer: 'ideal',
          keywordsCovered: [],
          keywordsMissed: random() < 0.5 ? ['latency', 'idempotency'] : ['latency'],
          evaluator: 'rubric',
        });
      }
    }
  }
  return { users: userIds, workspaces: workspaceIds };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-pg-progress-'));
  server = await createTempPgDatabase();
  const sqlite = openDatabase(path.join(dir, 'progress.db'));
  const postgres = await openPostgres(server.url, { max: 2 });
  databases.push(sqlite, postgres);
  const seededSqlite = await seed(sqlite);
  const seededPg = await seed(postgres);
  expect(seededPg).toEqual(seededSqlite);
  ({ users, workspaces } = seededPg);
  onSqlite = createRepositories(sqlite).progress;
  onPg = createRepositories(postgres).progress;
  scanOnPg = createProgressScanRepository(postgres);
}, 120_000);

afterAll(async () => {
  for (const database of databases) await database.close();
  await server.drop();
  rmSync(dir, { recursive: true, force: true });
});

function scopes(): ProgressScope[] {
  const out: ProgressScope[] = [];
  for (const userId of users) {
    out.push({ userId });
    out.push({ userId, workspaceId: workspaces[0] });
    out.push({ userId, role: 'backend' });
    // Periods cut mid-day and mid-session, and one ending at the newest answer's instant.
    out.push({ userId, since: new Date(START + 10 * DAY + 5 * 3_600_000), until: new Date(START + 30 * DAY + 17 * 3_600_000) });
    out.push({ userId, workspaceId: workspaces[1], since: new Date(START + 20 * DAY + 23 * 3_600_000 + 52 * 60_000) });
  }
  return out;
}

async function report(repo: ProgressRepository, scope: ProgressScope) {
  return {
    totals: await repo.totals(scope),
    trend: await repo.trendSessions(scope, 5),
    window7: await repo.scoreWindow(scope, NOW, 7),
    window30: await repo.scoreWindow(scope, NOW, 30),
    categories: await repo.categories(scope),
    fillers: await repo.topFillers(scope, 3),
    days: await repo.practiceDays(scope),
    recent: await repo.recentAverages(scope, 10),
    missed: await repo.recentMissedKeywords(scope, 10, 3),
    firstWord: await repo.firstWordWindow(scope, 5, 0),
  };
}

/**
 * Every number to 12 significant digits. Means of measured values (recent averages, a session's mean score) are
 * float sums divided by a count: SQLite's sum() compensates its rounding, Postgres' adds plainly, so they may differ
 * in the last bit or two. The score sums behind categories and score windows are exact integers on both and are
 * compared exactly below.
 */
function toTwelveDigits<T>(value: T): T {
  if (typeof value === 'number') return (Number.isInteger(value) ? value : Number(value.toPrecision(12))) as T;
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v: unknown) => toTwelveDigits(v)) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toTwelveDigits(v)])) as T;
}

describe('/progress on Postgres', () => {
  it('seeded a history with scored and unscored answers for both users', async () => {
    for (const userId of users) {
      const totals = await onPg.totals({ userId });
      expect(totals.sessions).toBeGreaterThan(10);
      expect(totals.answers).toBeGreaterThan(20);
    }
  });

  it('reports what SQLite reports, for every scope; score sums to the last bit', async () => {
    for (const scope of scopes()) {
      const [pg, sqlite] = [await report(onPg, scope), await report(onSqlite, scope)];
      expect({ scope, ...toTwelveDigits(pg) }).toEqual({ scope, ...toTwelveDigits(sqlite) });
      expect({ scope, categories: pg.categories, window7: pg.window7, window30: pg.window30, totals: pg.totals }).toEqual({
        scope,
        categories: sqlite.categories,
        window7: sqlite.window7,
        window30: sqlite.window30,
        totals: sqlite.totals,
      });
    }
  });

  it('the rollups on Postgres agree with the full scan on Postgres', async () => {
    for (const scope of scopes()) {
      expect({ scope, ...toTwelveDigits(await report(onPg, scope)) }).toEqual({ scope, ...toTwelveDigits(await report(scanOnPg, scope)) });
    }
  });
});
