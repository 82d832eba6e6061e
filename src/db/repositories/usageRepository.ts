import { sql } from '../drizzle.js';
import { first, type Database } from '../client.js';

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
  const { usage } = database.tables;
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
      const sessionsDelta = delta.sessions ?? 0;
      const secDelta = delta.transcriptionSec ?? 0;
      await db
        .insert(usage)
        .values({ scope, scopeId, day, sessions: sessionsDelta, transcriptionSec: secDelta })
        .onConflictDoUpdate({
          target: [usage.scope, usage.scopeId, usage.day],
          set: {
            sessions: sql`${usage.sessions} + ${sessionsDelta}`,
            transcriptionSec: sql`${usage.transcriptionSec} + ${secDelta}`,
          },
        });
    },
  };
}

export type UsageRepository = ReturnType<typeof createUsageRepository>;
