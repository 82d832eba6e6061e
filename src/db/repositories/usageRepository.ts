import { sql } from '../drizzle.js';
import type { Db } from '../client.js';
import { usage } from '../schema.js';

export type UsageScope = 'user' | 'workspace';

export interface UsageCounters {
  sessions: number;
  transcriptionSec: number;
}

export function utcDay(date: Date = new Date()): string {
  return date.toISOString().slice(0, 10);
}

export function createUsageRepository(db: Db) {
  return {
    get(scope: UsageScope, scopeId: number, day: string = utcDay()): UsageCounters {
      const row = db
        .select({ sessions: usage.sessions, transcriptionSec: usage.transcriptionSec })
        .from(usage)
        .where(sql`${usage.scope} = ${scope} and ${usage.scopeId} = ${scopeId} and ${usage.day} = ${day}`)
        .get();
      return row ?? { sessions: 0, transcriptionSec: 0 };
    },

    add(scope: UsageScope, scopeId: number, delta: Partial<UsageCounters>, day: string = utcDay()): void {
      const sessionsDelta = delta.sessions ?? 0;
      const secDelta = delta.transcriptionSec ?? 0;
      db.insert(usage)
        .values({ scope, scopeId, day, sessions: sessionsDelta, transcriptionSec: secDelta })
        .onConflictDoUpdate({
          target: [usage.scope, usage.scopeId, usage.day],
          set: {
            sessions: sql`${usage.sessions} + ${sessionsDelta}`,
            transcriptionSec: sql`${usage.transcriptionSec} + ${secDelta}`,
          },
        })
        .run();
    },

    /**
     * Counts a started session for the user and the workspace only if neither is at its daily limit: conditional
     * upserts in one transaction, so processes starting sessions at once cannot both pass a limit. Returns which
     * limit refused, or undefined when counted.
     */
    reserveSession(userId: number, workspaceId: number, limits: { user: number; workspace: number }, day: string = utcDay()): UsageScope | undefined {
      const counted = (scope: UsageScope, scopeId: number, limit: number): boolean =>
        limit >= 1 &&
        db
          .insert(usage)
          .values({ scope, scopeId, day, sessions: 1, transcriptionSec: 0 })
          .onConflictDoUpdate({
            target: [usage.scope, usage.scopeId, usage.day],
            set: { sessions: sql`${usage.sessions} + 1` },
            setWhere: sql`${usage.sessions} < ${limit}`,
          })
          .returning({ sessions: usage.sessions })
          .get() !== undefined;
      class Refused extends Error {}
      try {
        return db.transaction(() => {
          if (!counted('user', userId, limits.user)) return 'user';
          if (!counted('workspace', workspaceId, limits.workspace)) throw new Refused();
          return undefined;
        });
      } catch (error) {
        if (error instanceof Refused) return 'workspace';
        throw error;
      }
    },

    /**
     * Adds transcribed seconds to the user's and the workspace's day only if both stay within their allowance (the
     * same conditional upserts). Returns which allowance refused, or undefined when counted.
     */
    reserveTranscription(userId: number, workspaceId: number, seconds: number, limits: { user: number; workspace: number }, day: string = utcDay()): UsageScope | undefined {
      const counted = (scope: UsageScope, scopeId: number, limit: number): boolean =>
        seconds <= limit &&
        db
          .insert(usage)
          .values({ scope, scopeId, day, sessions: 0, transcriptionSec: seconds })
          .onConflictDoUpdate({
            target: [usage.scope, usage.scopeId, usage.day],
            set: { transcriptionSec: sql`${usage.transcriptionSec} + ${seconds}` },
            setWhere: sql`${usage.transcriptionSec} + ${seconds} <= ${limit}`,
          })
          .returning({ sec: usage.transcriptionSec })
          .get() !== undefined;
      class Refused extends Error {}
      try {
        return db.transaction(() => {
          if (!counted('user', userId, limits.user)) return 'user';
          if (!counted('workspace', workspaceId, limits.workspace)) throw new Refused();
          return undefined;
        });
      } catch (error) {
        if (error instanceof Refused) return 'workspace';
        throw error;
      }
    },
  };
}

export type UsageRepository = ReturnType<typeof createUsageRepository>;
