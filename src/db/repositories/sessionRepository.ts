import { and, asc, desc, eq, gte, inArray, isNull, sql } from '../drizzle.js';
import type { Db } from '../client.js';
import {
  questionHistory,
  questions,
  sessionParticipants,
  sessions,
  users,
  type QuestionRow,
  type SessionRow,
  type UserRow,
} from '../schema.js';
import type { Question } from '../../pipeline/questions/types.js';

export type NewSession = typeof sessions.$inferInsert;
export type SessionStatus = SessionRow['status'];
export const OPEN_STATUSES: readonly SessionStatus[] = ['lobby', 'active'];

/** A question as stored at its place in a session. */
function questionRow(sessionId: string, position: number, q: Question): typeof questions.$inferInsert {
  return {
    sessionId,
    position,
    questionKey: q.id,
    role: q.role,
    category: q.category,
    difficulty: q.difficulty,
    text: q.text,
    keywords: q.keywords,
    idealAnswer: q.idealAnswer,
    star: q.star,
    origin: q.origin,
  };
}

export function createSessionRepository(db: Db) {
  return {
    create(session: NewSession, questionList: readonly Question[]): SessionRow {
      return db.transaction((tx) => {
        const row = tx.insert(sessions).values(session).returning().get();
        questionList.forEach((q, position) => {
          tx.insert(questions).values(questionRow(row.id, position, q)).run();
        });
        return row;
      });
    },

    /**
     * Puts a follow-up right after the question it follows (`followUpOf`), moving the later questions one place
     * on, and counts it in the round's length. One transaction: a restart sees the round before or after, never half.
     */
    insertFollowUp(sessionId: string, followUpOf: QuestionRow, q: Question): QuestionRow {
      return db.transaction((tx) => {
        const position = followUpOf.position + 1;
        const later = and(eq(questions.sessionId, sessionId), gte(questions.position, position));
        // Two steps, so the unique (session, position) index never sees two rows on one place mid-update.
        tx.update(questions).set({ position: sql`-${questions.position} - 1` }).where(later).run();
        tx.update(questions)
          .set({ position: sql`-${questions.position}` })
          .where(and(eq(questions.sessionId, sessionId), sql`${questions.position} < 0`))
          .run();
        tx.update(sessions).set({ questionCount: sql`${sessions.questionCount} + 1` }).where(eq(sessions.id, sessionId)).run();
        return tx
          .insert(questions)
          .values({ ...questionRow(sessionId, position, q), origin: 'follow-up', followUpOf: followUpOf.id })
          .returning()
          .get();
      });
    },

    get(id: string): SessionRow | undefined {
      return db.select().from(sessions).where(eq(sessions.id, id)).get();
    },

    findOpenInChannel(channelId: string): SessionRow | undefined {
      return db
        .select()
        .from(sessions)
        .where(and(eq(sessions.channelId, channelId), inArray(sessions.status, [...OPEN_STATUSES])))
        .get();
    },

    findOpenByThread(threadId: string): SessionRow | undefined {
      return db
        .select()
        .from(sessions)
        .where(and(eq(sessions.threadId, threadId), inArray(sessions.status, [...OPEN_STATUSES])))
        .get();
    },

    /** The newest session in a thread, open or not (a reply after the end is told the round is over). */
    findLatestByThread(threadId: string): SessionRow | undefined {
      return db.select().from(sessions).where(eq(sessions.threadId, threadId)).orderBy(desc(sessions.createdAt)).limit(1).get();
    },

    listOpen(): SessionRow[] {
      return db
        .select()
        .from(sessions)
        .where(inArray(sessions.status, [...OPEN_STATUSES]))
        .all();
    },

    update(id: string, patch: Partial<Omit<NewSession, 'id'>>): SessionRow | undefined {
      return db.update(sessions).set(patch).where(eq(sessions.id, id)).returning().get();
    },

    addParticipant(sessionId: string, userId: number): void {
      db.insert(sessionParticipants)
        .values({ sessionId, userId })
        .onConflictDoUpdate({
          target: [sessionParticipants.sessionId, sessionParticipants.userId],
          set: { leftAt: null },
        })
        .run();
    },

    removeParticipant(sessionId: string, userId: number): void {
      db.update(sessionParticipants)
        .set({ leftAt: new Date() })
        .where(and(eq(sessionParticipants.sessionId, sessionId), eq(sessionParticipants.userId, userId)))
        .run();
    },

    /** Current participants, in the order they joined. */
    participants(sessionId: string): UserRow[] {
      return db
        .select({ user: users })
        .from(sessionParticipants)
        .innerJoin(users, eq(users.id, sessionParticipants.userId))
        .where(and(eq(sessionParticipants.sessionId, sessionId), isNull(sessionParticipants.leftAt)))
        .orderBy(asc(sessionParticipants.joinedAt), asc(users.id))
        .all()
        .map((r) => r.user);
    },

    questions(sessionId: string): QuestionRow[] {
      return db
        .select()
        .from(questions)
        .where(eq(questions.sessionId, sessionId))
        .orderBy(asc(questions.position))
        .all();
    },

    questionAt(sessionId: string, position: number): QuestionRow | undefined {
      return db
        .select()
        .from(questions)
        .where(and(eq(questions.sessionId, sessionId), eq(questions.position, position)))
        .get();
    },

    getQuestion(id: number): QuestionRow | undefined {
      return db.select().from(questions).where(eq(questions.id, id)).get();
    },

    updateQuestion(id: number, patch: Partial<Pick<QuestionRow, 'status' | 'seatUserId'>>): void {
      db.update(questions).set(patch).where(eq(questions.id, id)).run();
    },

    /** Users who were asked this question at or after `since` (for a round's question: those present when it was asked). */
    askedSince(questionKey: string, since: Date): Set<number> {
      const rows = db
        .select({ userId: questionHistory.userId })
        .from(questionHistory)
        .where(and(eq(questionHistory.questionKey, questionKey), gte(questionHistory.askedAt, since)))
        .all();
      return new Set(rows.map((r) => r.userId));
    },

    recordAsked(userId: number, questionKey: string, role: string): void {
      db.insert(questionHistory)
        .values({ userId, questionKey, role })
        .onConflictDoUpdate({
          target: [questionHistory.userId, questionHistory.questionKey],
          set: { askedAt: new Date() },
        })
        .run();
    },

    askedKeys(userId: number, role: string): Set<string> {
      const rows = db
        .select({ key: questionHistory.questionKey })
        .from(questionHistory)
        .where(and(eq(questionHistory.userId, userId), eq(questionHistory.role, role)))
        .all();
      return new Set(rows.map((r) => r.key));
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
