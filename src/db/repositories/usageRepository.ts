import { sql } from '../drizzle.js';
import { first, type Database, type Db } from '../client.js';
import type { AnswerId } from '../../ids.js';

export type UsageScope = 'user' | 'workspace';

export interface UsageCounters {
  sessions: number;
  transcriptionSec: number;
}

export function utcDay(date: Date = new Date()): string {
  return date.toISOString().slice(0, 10);
}

export function createUsageRepository(database: Database) {
  const { db } = database;
  const { usage, transcriptionCharges, answers } = database.tables;
  return {
    async get(scope: UsageScope, scopeId: number, day: string = utcDay()): Promise<UsageCounters> {
      const row = await first(
        db
          .select({ sessions: usage.sessions, transcriptionSec: usage.transcriptionSec })
          .from(usage)
          .where(sql`${usage.scope} = ${scope} and ${usage.scopeId} = ${scopeId} and ${usage.day} = ${day}`)
          .limit(1),
      );
      return row ?? { sessions: 0, transcriptionSec: 0 };
    },

    async add(scope: UsageScope, scopeId: number, delta: Partial<UsageCounters>, day: string = utcDay()): Promise<void> {
      await addUsage(database, db, scope, scopeId, delta, day);
    },

    /**
     * Notes that an answer's seconds were counted (by a reservation, just before). Later charges of the same answer
     * count nothing until it is refunded.
     */
    async noteCharge(answerId: AnswerId, seconds: number, day: string = utcDay()): Promise<void> {
      await db.insert(transcriptionCharges).values({ answerId, seconds, day }).onConflictDoNothing();
    },

    /**
     * Counts an answer's transcription seconds for the user and the workspace once: the first charge of an answer
     * inserts its row and counts, any other (a retry, a worker presumed dead finishing late) finds the row and counts
     * nothing. True when this call counted.
     */
    async chargeAnswer(answerId: AnswerId, userId: number, workspaceId: number, seconds: number, day: string = utcDay()): Promise<boolean> {
      return database.transaction(async (tx) => {
        const inserted = await tx.insert(transcriptionCharges).values({ answerId, seconds, day }).onConflictDoNothing().returning({ answerId: transcriptionCharges.answerId });
        if (inserted.length === 0) return false;
        await addUsage(database, tx, 'user', userId, { transcriptionSec: seconds }, day);
        await addUsage(database, tx, 'workspace', workspaceId, { transcriptionSec: seconds }, day);
        return true;
      });
    },

    /**
     * Gives an answer's counted seconds back (its transcription failed), on the day they were counted — only while the
     * answer is still untranscribed, so a late failure after another run succeeded takes nothing back. True when it did.
     */
    async refundAnswer(answerId: AnswerId, userId: number, workspaceId: number): Promise<boolean> {
      return database.transaction(async (tx) => {
        const [row] = await tx
          .delete(transcriptionCharges)
          .where(sql`${transcriptionCharges.answerId} = ${answerId} and exists (select 1 from ${answers} where ${answers.id} = ${answerId} and ${answers.status} = 'received')`)
          .returning({ seconds: transcriptionCharges.seconds, day: transcriptionCharges.day });
        if (!row) return false;
        await addUsage(database, tx, 'user', userId, { transcriptionSec: -row.seconds }, row.day);
        await addUsage(database, tx, 'workspace', workspaceId, { transcriptionSec: -row.seconds }, row.day);
        return true;
      });
    },

    /**
     * Counts a started session for the user and the workspace only if neither is at its daily limit: conditional
     * upserts in one transaction, so processes starting sessions at once cannot both pass a limit. Returns which
     * limit refused, or undefined when counted.
     */
    async reserveSession(userId: number, workspaceId: number, limits: { user: number; workspace: number }, day: string = utcDay()): Promise<UsageScope | undefined> {
      const counted = async (tx: Db, scope: UsageScope, scopeId: number, limit: number): Promise<boolean> =>
        limit >= 1 &&
        (await first(
          tx
            .insert(usage)
            .values({ scope, scopeId, day, sessions: 1, transcriptionSec: 0 })
            .onConflictDoUpdate({
              target: [usage.scope, usage.scopeId, usage.day],
              set: { sessions: sql`${usage.sessions} + 1` },
              setWhere: sql`${usage.sessions} < ${limit}`,
            })
            .returning({ sessions: usage.sessions }),
        )) !== undefined;
      return reserveBoth(database, (tx) => counted(tx, 'user', userId, limits.user), (tx) => counted(tx, 'workspace', workspaceId, limits.workspace));
    },

    /**
     * Adds transcribed seconds to the user's and the workspace's day only if both stay within their allowance (the
     * same conditional upserts). Returns which allowance refused, or undefined when counted.
     */
    async reserveTranscription(
      userId: number,
      workspaceId: number,
      seconds: number,
      limits: { user: number; workspace: number },
      day: string = utcDay(),
    ): Promise<UsageScope | undefined> {
      const counted = async (tx: Db, scope: UsageScope, scopeId: number, limit: number): Promise<boolean> =>
        seconds <= limit &&
        (await first(
          tx
            .insert(usage)
            .values({ scope, scopeId, day, sessions: 0, transcriptionSec: seconds })
            .onConflictDoUpdate({
              target: [usage.scope, usage.scopeId, usage.day],
              set: { transcriptionSec: sql`${usage.transcriptionSec} + ${seconds}` },
              setWhere: sql`${usage.transcriptionSec} + ${seconds} <= ${limit}`,
            })
            .returning({ sec: usage.transcriptionSec }),
        )) !== undefined;
      return reserveBoth(database, (tx) => counted(tx, 'user', userId, limits.user), (tx) => counted(tx, 'workspace', workspaceId, limits.workspace));
    },
  };
}

async function addUsage(database: Database, tx: Db, scope: UsageScope, scopeId: number, delta: Partial<UsageCounters>, day: string): Promise<void> {
  const { usage } = database.tables;
  const sessionsDelta = delta.sessions ?? 0;
  const secDelta = delta.transcriptionSec ?? 0;
  await tx
    .insert(usage)
    .values({ scope, scopeId, day, sessions: sessionsDelta, transcriptionSec: secDelta })
    .onConflictDoUpdate({
      target: [usage.scope, usage.scopeId, usage.day],
      set: {
        sessions: sql`${usage.sessions} + ${sessionsDelta}`,
        transcriptionSec: sql`${usage.transcriptionSec} + ${secDelta}`,
      },
    });
}

class WorkspaceRefused extends Error {}

/** The user's then the workspace's conditional write, in one transaction: both count, or neither does. */
async function reserveBoth(database: Database, user: (tx: Db) => Promise<boolean>, workspace: (tx: Db) => Promise<boolean>): Promise<UsageScope | undefined> {
  try {
    return await database.transaction(async (tx) => {
      if (!(await user(tx))) return 'user' as const;
      // Thrown, so the transaction rolls the user's count back.
      if (!(await workspace(tx))) throw new WorkspaceRefused();
      return undefined;
    });
  } catch (error) {
    if (error instanceof WorkspaceRefused) return 'workspace';
    throw error;
  }
}

export type UsageRepository = ReturnType<typeof createUsageRepository>;
