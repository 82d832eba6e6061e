import { and, asc, eq, gte, inArray, isNotNull, lte, sql } from '../drizzle.js';
import type { Known, Role } from '../../enums.js';
import { first, type Database } from '../client.js';
import type { PeerRatingRow, PeerTag } from '../schema.js';
import { bumpProgressVersion } from './progressVersionRepository.js';
import type { AnswerId, SessionId, UserId, WorkspaceId } from '../../ids.js';

/** What a rater changes with one click: the stars, the tags, or both. */
export interface PeerRatingChange {
  stars?: number;
  tags?: readonly PeerTag[];
}

/** People's ratings of one answer: the average of the stars given and how many gave them. */
export interface PeerAverage {
  average: number;
  raters: number;
}

/** One rated answer of a person, with what the scorer gave it (null if unscored). */
export interface ReceivedRating {
  sessionId: SessionId;
  answerId: AnswerId;
  at: Date;
  stars: number;
  score: number | null;
}

/** Which received ratings to read: the same narrowing as a /progress report's scope. */
export interface ReceivedScope {
  workspaceId?: WorkspaceId | null;
  role?: Known<Role> | null;
  since?: Date | null;
  until?: Date | null;
}

/** One answer that both the scorer and at least one person rated: the pair the agreement report correlates. */
export interface ScoredRating {
  answerId: AnswerId;
  score: number;
  peerAverage: number;
  raters: number;
}

export function createPeerRatingRepository(database: Database) {
  const { db } = database;
  const { answers, evaluations, peerRatings } = database.tables;
  return {
    /**
     * Sets this rater's stars and/or tags on the answer (one row per rater and answer: a second click changes it).
     * The answer's owner sees peer ratings in /progress, so their data version moves in the same transaction.
     */
    async rate(answerId: AnswerId, raterUserId: UserId, change: PeerRatingChange): Promise<PeerRatingRow | undefined> {
      return database.transaction(async (tx) => {
        const owner = await first(tx.select({ userId: answers.userId }).from(answers).where(eq(answers.id, answerId)).limit(1));
        if (!owner) return undefined;
        const now = new Date();
        const set = { updatedAt: now, ...(change.stars !== undefined && { stars: change.stars }), ...(change.tags !== undefined && { tags: [...change.tags] }) };
        const row = await first(
          tx
            .insert(peerRatings)
            .values({ answerId, raterUserId, answerUserId: owner.userId, stars: change.stars ?? null, tags: [...(change.tags ?? [])], createdAt: now, updatedAt: now })
            .onConflictDoUpdate({ target: [peerRatings.answerId, peerRatings.raterUserId], set })
            .returning(),
        );
        await bumpProgressVersion(database, tx, owner.userId);
        return row;
      });
    },

    async get(answerId: AnswerId, raterUserId: UserId): Promise<PeerRatingRow | undefined> {
      return first(
        db
          .select()
          .from(peerRatings)
          .where(and(eq(peerRatings.answerId, answerId), eq(peerRatings.raterUserId, raterUserId)))
          .limit(1),
      );
    },

    /** The star average and rater count of each of these answers that has stars (tags-only ratings do not count). */
    async averages(answerIds: readonly AnswerId[]): Promise<Map<AnswerId, PeerAverage>> {
      const result = new Map<AnswerId, PeerAverage>();
      if (answerIds.length === 0) return result;
      const rows = await db
        .select({ answerId: peerRatings.answerId, average: sql<number>`avg(${peerRatings.stars})`.mapWith(Number), raters: sql<number>`count(${peerRatings.stars})`.mapWith(Number) })
        .from(peerRatings)
        .where(and(inArray(peerRatings.answerId, [...answerIds]), isNotNull(peerRatings.stars)))
        .groupBy(peerRatings.answerId);
      for (const row of rows) result.set(row.answerId, { average: row.average, raters: row.raters });
      return result;
    },

    /**
     * Every star rating this person's answers received, oldest answer first, with the scorer's score; narrowed like
     * a /progress report (workspace, role, answers in [since, until]) when those are given.
     */
    async received(userId: UserId, scope: ReceivedScope = {}): Promise<ReceivedRating[]> {
      const rows = await db
        .select({ sessionId: answers.sessionId, answerId: answers.id, at: answers.createdAt, stars: peerRatings.stars, score: evaluations.score })
        .from(peerRatings)
        .innerJoin(answers, eq(answers.id, peerRatings.answerId))
        .leftJoin(evaluations, eq(evaluations.answerId, answers.id))
        .where(
          and(
            // By the rating's copy of the answer's owner: the ratings this person received, however long their history.
            eq(peerRatings.answerUserId, userId),
            isNotNull(peerRatings.stars),
            scope.workspaceId == null ? undefined : eq(answers.workspaceId, scope.workspaceId),
            scope.role == null ? undefined : eq(answers.role, scope.role),
            scope.since == null ? undefined : gte(answers.createdAt, scope.since),
            scope.until == null ? undefined : lte(answers.createdAt, scope.until),
          ),
        )
        .orderBy(asc(answers.createdAt), asc(answers.id));
      return rows.flatMap((r) => (r.stars === null ? [] : [{ ...r, stars: r.stars }]));
    },

    /** Every scored answer with at least one star rating: the scorer's score beside the people's average. */
    async scoredPairs(): Promise<ScoredRating[]> {
      const rows = await db
        .select({
          answerId: peerRatings.answerId,
          score: evaluations.score,
          peerAverage: sql<number>`avg(${peerRatings.stars})`.mapWith(Number),
          raters: sql<number>`count(${peerRatings.stars})`.mapWith(Number),
        })
        .from(peerRatings)
        .innerJoin(evaluations, eq(evaluations.answerId, peerRatings.answerId))
        .where(isNotNull(peerRatings.stars))
        .groupBy(peerRatings.answerId, evaluations.score)
        .orderBy(asc(peerRatings.answerId));
      return rows;
    },
  };
}

export type PeerRatingRepository = ReturnType<typeof createPeerRatingRepository>;
