// Writes practice history through drizzle with explicit timestamps, so tests can hand-compute what reports show.
import { and, count, eq } from 'drizzle-orm';
import { first, only, type Database } from '../../src/db/client.js';
import { createAnswerRepository } from '../../src/db/repositories/answerRepository.js';
import type { Difficulty, Platform, Role } from '../../src/enums.js';
import { platformUserId as toPlatformUserId, platformWorkspaceId as toPlatformWorkspaceId, sessionId as toSessionId, type AnswerId, type SessionId, type UserId, type WorkspaceId } from '../../src/ids.js';
import { channelId as toChannelId } from '../../src/location.js';

export interface SeedAnswer {
  user: UserId;
  session: string;
  /** ISO time the answer was given. */
  at: string;
  /** Question position in the session (0-based); answers with the same position share the question. */
  position?: number;
  category?: string;
  /** Omit for an answer that failed before scoring (no evaluation row). */
  score?: number;
  criteria?: { relevance: number; depth: number; structure: number; clarity: number };
  inputKind?: 'text' | 'voice' | 'voice_message' | 'audio_clip';
  fillers?: Record<string, number>;
  fillersPerMinute?: number | null;
  wpm?: number | null;
  pauseLongestSec?: number;
  deliveryScore?: number | null;
  keywordsMissed?: string[];
  /** Live voice answers' time to first word (seconds). */
  firstWordSec?: number | null;
}

export interface SeedSession {
  id: string;
  workspace: WorkspaceId;
  role?: Role;
  at: string;
  host?: UserId;
  leaderboard?: boolean;
  questionCount?: number;
  difficulty?: Difficulty;
}

/** Answers, metrics and evaluations go through the answer repository, which keeps the /progress rollups. */
export function createHistorySeeder(database: Database) {
  const { db } = database;
  // The database's own tables: the Postgres ones when it is Postgres.
  const { questions, sessionParticipants, sessions, users, workspaces } = database.tables;
  const answerRepo = createAnswerRepository(database);
  return {
    async user(platformUserId: string, displayName = platformUserId, platform: Platform = 'discord'): Promise<UserId> {
      return (await only(db.insert(users).values({ platform, platformUserId: toPlatformUserId(platformUserId), displayName }).returning({ id: users.id }))).id;
    },

    async workspace(platformWorkspaceId: string, platform: Platform = 'discord'): Promise<WorkspaceId> {
      return (await only(db.insert(workspaces).values({ platform, platformWorkspaceId: toPlatformWorkspaceId(platformWorkspaceId) }).returning({ id: workspaces.id }))).id;
    },

    async session(s: SeedSession): Promise<SessionId> {
      const id = toSessionId(s.id);
      await db.insert(sessions)
        .values({
          id,
          kind: 'interview',
          workspaceId: s.workspace,
          hostUserId: s.host ?? null,
          // Only the columns every schema version has: the rollup migration test writes these rows into an old file.
          channelId: toChannelId(`channel-${s.id}`),
          role: s.role ?? 'frontend',
          difficulty: s.difficulty ?? 'mid',
          questionCount: s.questionCount ?? 5,
          mode: 'voice',
          leaderboard: s.leaderboard ?? false,
          status: 'ended',
          createdAt: new Date(s.at),
        });
      return id;
    },

    async participant(sessionId: string, userId: UserId, joinedAt: string): Promise<void> {
      await db.insert(sessionParticipants).values({ sessionId: toSessionId(sessionId), userId, joinedAt: new Date(joinedAt) });
    },

    async answer(a: SeedAnswer): Promise<AnswerId> {
      const sessionId = toSessionId(a.session);
      const session = await first(db.select().from(sessions).where(eq(sessions.id, sessionId)).limit(1));
      if (!session) throw new Error(`seed: unknown session ${a.session}`);
      const position =
        a.position ??
        ((await first(db.select({ n: count() }).from(questions).where(eq(questions.sessionId, sessionId))))?.n ?? 0);
      const category = a.category ?? 'General';
      const existing = await first(
        db
          .select({ id: questions.id })
          .from(questions)
          .where(and(eq(questions.sessionId, sessionId), eq(questions.position, position)))
          .limit(1),
      );
      const questionId =
        existing?.id ??
        (await only(
          db
          .insert(questions)
          .values({
            sessionId,
            position,
            questionKey: `${a.session}-q${position}`,
            role: session.role,
            category,
            difficulty: session.difficulty,
            text: `Question ${position + 1}`,
            keywords: [],
            idealAnswer: 'An ideal answer.',
            origin: 'bank',
            status: 'done',
          })
          .returning({ id: questions.id }),
        )).id;
      const inputKind = a.inputKind ?? 'voice';
      const answerId = (await answerRepo.create({
        sessionId,
        questionId,
        userId: a.user,
        workspaceId: session.workspaceId,
        role: session.role,
        category,
        inputKind,
        transcript: 'An answer.',
        durationSec: inputKind === 'text' ? null : 60,
        status: a.score === undefined ? 'failed' : 'scored',
        createdAt: new Date(a.at),
      })).id;
      if (a.score === undefined) return answerId;
      const fillers = a.fillers ?? {};
      await answerRepo.saveMetrics({
        answerId,
        wordCount: 120,
        fillersTotal: Object.values(fillers).reduce((x, y) => x + y, 0),
        fillersPerMinute: a.fillersPerMinute ?? null,
        fillersByWord: fillers,
        hedgesTotal: 0,
        hedgesByPhrase: {},
        repetitions: 0,
        wpm: a.wpm ?? null,
        pauseCount: 0,
        pauseLongestSec: a.pauseLongestSec ?? 0,
        pauseTotalSec: a.pauseLongestSec ?? 0,
        speechSec: inputKind === 'text' ? null : 60,
        deliveryScore: a.deliveryScore ?? null,
        firstWordSec: a.firstWordSec ?? null,
      });
      const criteria = a.criteria ?? { relevance: a.score, depth: a.score, structure: a.score, clarity: a.score };
      await answerRepo.saveEvaluation({
        answerId,
        score: a.score,
        ...criteria,
        feedback: 'Feedback.',
        idealAnswer: 'An ideal answer.',
        keywordsCovered: [],
        keywordsMissed: a.keywordsMissed ?? [],
        evaluator: 'rubric',
      });
      return answerId;
    },
  };
}

export type HistorySeeder = ReturnType<typeof createHistorySeeder>;

/** The instant the scenario's reports are computed at. */
export const SCENARIO_NOW = new Date('2026-11-24T12:00:00.000Z');

export interface ProgressScenario {
  alice: UserId;
  bob: UserId;
  dave: UserId;
  carol: UserId;
  nobody: UserId;
  w1: WorkspaceId;
  w2: WorkspaceId;
}

/**
 * Alice practises over two months in two workspaces (expected figures are worked out by hand in the tests);
 * Bob shares her round s3; Carol last practised long ago; Nobody never did.
 */
export async function seedProgressScenario(database: Database): Promise<ProgressScenario> {
  const seed = createHistorySeeder(database);
  const alice = await seed.user('A', 'alice');
  const bob = await seed.user('B', 'bob');
  const dave = await seed.user('D', 'dave');
  const carol = await seed.user('C', 'carol');
  const nobody = await seed.user('N', 'nobody');
  const w1 = await seed.workspace('w1');
  const w2 = await seed.workspace('w2');

  await seed.session({ id: 's1', workspace: w1, at: '2026-10-01T09:59:00Z' });
  await seed.answer({ user: alice, session: 's1', at: '2026-10-01T10:00:00Z', category: 'React', score: 6,
    criteria: { relevance: 6, depth: 5, structure: 6, clarity: 7 }, fillers: { um: 2, like: 1 }, fillersPerMinute: 3,
    wpm: 120, pauseLongestSec: 2, deliveryScore: 70, keywordsMissed: ['keys'] });
  await seed.answer({ user: alice, session: 's1', at: '2026-10-01T10:05:00Z', category: 'CSS', score: 4,
    criteria: { relevance: 5, depth: 3, structure: 4, clarity: 4 }, fillers: { um: 3 }, fillersPerMinute: 4.5,
    wpm: 90, pauseLongestSec: 4, deliveryScore: 50, keywordsMissed: ['keys', 'specificity'] });

  await seed.session({ id: 's2', workspace: w1, at: '2026-11-10T09:59:00Z' });
  await seed.answer({ user: alice, session: 's2', at: '2026-11-10T10:00:00Z', category: 'React', score: 8,
    criteria: { relevance: 8, depth: 8, structure: 7, clarity: 9 }, fillers: { like: 2 }, fillersPerMinute: 2,
    wpm: 150, pauseLongestSec: 1.5, deliveryScore: 80 });
  await seed.answer({ user: alice, session: 's2', at: '2026-11-10T10:10:00Z', category: 'Behavioral', score: 7, inputKind: 'text',
    criteria: { relevance: 7, depth: 6, structure: 8, clarity: 7 }, fillers: { so: 1 }, keywordsMissed: ['result'] });

  // A group round: Bob joined first, then Alice, then Dave (who never answered).
  await seed.session({ id: 's3', workspace: w1, at: '2026-11-20T08:55:00Z', host: bob, questionCount: 2 });
  await seed.participant('s3', bob, '2026-11-20T08:55:00Z');
  await seed.participant('s3', alice, '2026-11-20T08:56:00Z');
  await seed.participant('s3', dave, '2026-11-20T08:57:00Z');
  await seed.answer({ user: alice, session: 's3', position: 0, at: '2026-11-20T09:00:00Z', category: 'React', score: 9,
    criteria: { relevance: 9, depth: 9, structure: 8, clarity: 9 }, fillers: { um: 1 }, fillersPerMinute: 1,
    wpm: 170, pauseLongestSec: 3.5, deliveryScore: 85, keywordsMissed: ['keys'] });
  await seed.answer({ user: bob, session: 's3', position: 0, at: '2026-11-20T09:01:00Z', category: 'React', score: 6,
    fillers: { um: 3 }, fillersPerMinute: 4, wpm: 140, pauseLongestSec: 1, deliveryScore: 65 });
  await seed.answer({ user: alice, session: 's3', position: 1, at: '2026-11-20T09:05:00Z', category: 'Hooks' });
  await seed.answer({ user: bob, session: 's3', position: 1, at: '2026-11-20T09:06:00Z', category: 'Hooks', score: 8,
    inputKind: 'text', fillers: { like: 1 } });

  await seed.session({ id: 's4', workspace: w2, role: 'backend', at: '2026-11-23T19:59:00Z' });
  await seed.answer({ user: alice, session: 's4', at: '2026-11-23T20:00:00Z', category: 'System design', score: 5,
    criteria: { relevance: 5, depth: 4, structure: 5, clarity: 6 }, fillers: { um: 4, basically: 2 }, fillersPerMinute: 6,
    wpm: 95, pauseLongestSec: 5, deliveryScore: 40, keywordsMissed: ['caching', 'keys'] });

  await seed.session({ id: 's5', workspace: w1, at: '2026-11-24T07:59:00Z' });
  await seed.answer({ user: alice, session: 's5', at: '2026-11-24T08:00:00Z', category: 'CSS', score: 7,
    criteria: { relevance: 7, depth: 7, structure: 6, clarity: 8 }, fillersPerMinute: 0, wpm: 130, pauseLongestSec: 1,
    deliveryScore: 75, keywordsMissed: ['specificity'] });
  // After SCENARIO_NOW: a report computed "now" must not see it.
  await seed.answer({ user: alice, session: 's5', at: '2026-11-24T13:00:00Z', category: 'CSS', score: 10 });

  await seed.session({ id: 'c1', workspace: w1, at: '2026-09-25T10:00:00Z' });
  await seed.answer({ user: carol, session: 'c1', at: '2026-09-25T10:00:00Z', category: 'React', score: 5 });

  return { alice, bob, dave, carol, nobody, w1, w2 };
}
