import { and, asc, desc, eq, gte, inArray, isNull, sql } from '../drizzle.js';
import { first, only, type Database, type Db } from '../client.js';
import type { LocationKey, questions, sessions, QuestionRow, SessionRow, StoredSessionRow, UserRow } from '../schema.js';
import { atLocation, locationColumns, locationOf, type LocationColumns } from '../locationColumns.js';
import type { Location } from '../../location.js';
import type { Question } from '../../pipeline/questions/types.js';
import { DIFFICULTIES, ROLES } from '../../enums.js';
import { readKnown } from '../storedEnums.js';
import type { QuestionId, SessionId, UserId } from '../../ids.js';

/** A new session: where it lives is a Location (the repository stores it as columns). */
export type NewSession = Omit<typeof sessions.$inferInsert, LocationKey> & { location: Location };
export type SessionPatch = Partial<Omit<NewSession, 'id'>>;
export type SessionStatus = SessionRow['status'];
export const OPEN_STATUSES: readonly SessionStatus[] = ['lobby', 'active'];

/** A question as stored at its place in a session. */
function questionRow(sessionId: SessionId, position: number, q: Question): typeof questions.$inferInsert {
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

/**
 * A stored session as the app sees it: its location columns become a Location, its enum columns are read as the lists
 * know them (a stranger reads as `unknown`, reported once).
 */
function known(row: StoredSessionRow): SessionRow;
function known(row: StoredSessionRow | undefined): SessionRow | undefined;
function known(row: StoredSessionRow | undefined): SessionRow | undefined {
  if (!row) return undefined;
  const { surface, channelId, threadId, threadTs, dmUser, ...rest } = row;
  return {
    ...rest,
    location: locationOf({ surface, channelId, threadId, threadTs, dmUser }),
    role: readKnown(ROLES, row.role, 'sessions.role'),
    difficulty: readKnown(DIFFICULTIES, row.difficulty, 'sessions.difficulty'),
  };
}

/** A patch or new row with its Location as columns. */
function stored<T extends { location?: Location }>(value: T): Omit<T, 'location'> & Partial<LocationColumns> {
  const { location, ...rest } = value;
  return location ? { ...rest, ...locationColumns(location) } : rest;
}

function knownQuestion(row: QuestionRow): QuestionRow;
function knownQuestion(row: QuestionRow | undefined): QuestionRow | undefined;
function knownQuestion(row: QuestionRow | undefined): QuestionRow | undefined {
  return row && { ...row, role: readKnown(ROLES, row.role, 'questions.role'), difficulty: readKnown(DIFFICULTIES, row.difficulty, 'questions.difficulty') };
}

/** What `createUnlessChannelBusy` did: made the round, or found one already open in the channel. */
export type ChannelRoundResult = { created: SessionRow; running?: undefined } | { created?: undefined; running: SessionRow };

export function createSessionRepository(database: Database) {
  const { db } = database;
  const { questionHistory, questions, sessionParticipants, sessions, users } = database.tables;
  const openAt = async (executor: Db, location: Location): Promise<SessionRow | undefined> =>
    known(
      await first(
        executor
          .select()
          .from(sessions)
          .where(and(atLocation(sessions, location), inArray(sessions.status, [...OPEN_STATUSES])))
          .limit(1),
      ),
    );
  const insertWithQuestions = async (tx: Db, session: NewSession, questionList: readonly Question[]): Promise<SessionRow> => {
    const row = await only(tx.insert(sessions).values(stored(session)).returning());
    for (const [position, q] of questionList.entries()) {
      await tx.insert(questions).values(questionRow(row.id, position, q));
    }
    // The host takes part from the first moment: nobody can join a round before its host.
    if (row.hostUserId !== null) await tx.insert(sessionParticipants).values({ sessionId: row.id, userId: row.hostUserId }).onConflictDoNothing();
    return known(row);
  };
  return {
    async create(session: NewSession, questionList: readonly Question[]): Promise<SessionRow> {
      return database.transaction((tx) => insertWithQuestions(tx, session, questionList));
    },

    /**
     * Creates the round unless one is already open at its location, as one step: the check and the insert run in
     * the same transaction, so two starts racing in one channel open one round.
     */
    async createUnlessChannelBusy(session: NewSession, questionList: readonly Question[]): Promise<ChannelRoundResult> {
      return database.transaction(async (tx) => {
        const running = await openAt(tx, session.location);
        if (running) return { running };
        return { created: await insertWithQuestions(tx, session, questionList) };
      });
    },

    /**
     * Puts a follow-up right after the question it follows (`followUpOf`), moving the later questions one place
     * on, and counts it in the round's length. One transaction: a restart sees the round before or after, never half.
     */
    async insertFollowUp(sessionId: SessionId, followUpOf: QuestionRow, q: Question): Promise<QuestionRow> {
      return database.transaction(async (tx) => {
        const position = followUpOf.position + 1;
        const later = and(eq(questions.sessionId, sessionId), gte(questions.position, position));
        // Two steps, so the unique (session, position) index never sees two rows on one place mid-update.
        await tx.update(questions).set({ position: sql`-${questions.position} - 1` }).where(later);
        await tx
          .update(questions)
          .set({ position: sql`-${questions.position}` })
          .where(and(eq(questions.sessionId, sessionId), sql`${questions.position} < 0`));
        await tx.update(sessions).set({ questionCount: sql`${sessions.questionCount} + 1` }).where(eq(sessions.id, sessionId));
        return knownQuestion(
          await only(
            tx
              .insert(questions)
              .values({ ...questionRow(sessionId, position, q), origin: 'follow-up', followUpOf: followUpOf.id })
              .returning(),
          ),
        );
      });
    },

    async get(id: SessionId): Promise<SessionRow | undefined> {
      return known(await first(db.select().from(sessions).where(eq(sessions.id, id)).limit(1)));
    },

    /** The open session at a place: its thread if the location names one, else a drill's owner, else the channel. */
    async findOpenAt(location: Location): Promise<SessionRow | undefined> {
      return openAt(db, location);
    },

    /** The newest session at a place, open or not (a reply after the end is told the round is over). */
    async findLatestAt(location: Location): Promise<SessionRow | undefined> {
      return known(await first(db.select().from(sessions).where(atLocation(sessions, location)).orderBy(desc(sessions.createdAt)).limit(1)));
    },

    async listOpen(): Promise<SessionRow[]> {
      const rows = await db
        .select()
        .from(sessions)
        .where(inArray(sessions.status, [...OPEN_STATUSES]));
      return rows.map((row) => known(row));
    },

    async update(id: SessionId, patch: SessionPatch): Promise<SessionRow | undefined> {
      return known(await first(db.update(sessions).set(stored(patch)).where(eq(sessions.id, id)).returning()));
    },

    async addParticipant(sessionId: SessionId, userId: UserId): Promise<void> {
      await db
        .insert(sessionParticipants)
        .values({ sessionId, userId })
        .onConflictDoUpdate({
          target: [sessionParticipants.sessionId, sessionParticipants.userId],
          set: { leftAt: null },
        });
    },

    async removeParticipant(sessionId: SessionId, userId: UserId): Promise<void> {
      await db
        .update(sessionParticipants)
        .set({ leftAt: new Date() })
        .where(and(eq(sessionParticipants.sessionId, sessionId), eq(sessionParticipants.userId, userId)));
    },

    /** Current participants, in the order they joined. */
    async participants(sessionId: SessionId): Promise<UserRow[]> {
      const rows = await db
        .select({ user: users })
        .from(sessionParticipants)
        .innerJoin(users, eq(users.id, sessionParticipants.userId))
        .where(and(eq(sessionParticipants.sessionId, sessionId), isNull(sessionParticipants.leftAt)))
        .orderBy(asc(sessionParticipants.joinedAt), asc(users.id));
      return rows.map((r) => r.user);
    },

    async questions(sessionId: SessionId): Promise<QuestionRow[]> {
      const rows = await db.select().from(questions).where(eq(questions.sessionId, sessionId)).orderBy(asc(questions.position));
      return rows.map((row) => knownQuestion(row));
    },

    async questionAt(sessionId: SessionId, position: number): Promise<QuestionRow | undefined> {
      return knownQuestion(
        await first(
          db
            .select()
            .from(questions)
            .where(and(eq(questions.sessionId, sessionId), eq(questions.position, position)))
            .limit(1),
        ),
      );
    },

    async getQuestion(id: QuestionId): Promise<QuestionRow | undefined> {
      return knownQuestion(await first(db.select().from(questions).where(eq(questions.id, id)).limit(1)));
    },

    async updateQuestion(id: QuestionId, patch: Partial<Pick<QuestionRow, 'status' | 'seatUserId'>>): Promise<void> {
      await db.update(questions).set(patch).where(eq(questions.id, id));
    },

    /** Users who were asked this question at or after `since` (for a round's question: those present when it was asked). */
    async askedSince(questionKey: string, since: Date): Promise<Set<UserId>> {
      const rows = await db
        .select({ userId: questionHistory.userId })
        .from(questionHistory)
        .where(and(eq(questionHistory.questionKey, questionKey), gte(questionHistory.askedAt, since)));
      return new Set(rows.map((r) => r.userId));
    },

    async recordAsked(userId: UserId, questionKey: string, role: string): Promise<void> {
      await db
        .insert(questionHistory)
        .values({ userId, questionKey, role })
        .onConflictDoUpdate({
          target: [questionHistory.userId, questionHistory.questionKey],
          set: { askedAt: new Date() },
        });
    },

    async askedKeys(userId: UserId, role: string): Promise<Set<string>> {
      const rows = await db
        .select({ key: questionHistory.questionKey })
        .from(questionHistory)
        .where(and(eq(questionHistory.userId, userId), eq(questionHistory.role, role)));
      return new Set(rows.map((r) => r.key));
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
