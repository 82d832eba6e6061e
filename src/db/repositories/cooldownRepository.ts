import { and, eq, sql } from '../drizzle.js';
import type { Db } from '../client.js';
import { drillCooldowns } from '../schema.js';

export function createCooldownRepository(db: Db) {
  return {
    /**
     * Starts a person's drill cool-down if the last one is over: one upsert whose update only happens when
     * `last_at` is at least `cooldownMs` old, so two processes cannot both let a drill through. Returns 0 when
     * taken, else the milliseconds left.
     */
    takeDrill(platform: string, platformUserId: string, nowMs: number, cooldownMs: number): number {
      const taken = db
        .insert(drillCooldowns)
        .values({ platform, platformUserId, lastAt: nowMs })
        .onConflictDoUpdate({
          target: [drillCooldowns.platform, drillCooldowns.platformUserId],
          set: { lastAt: nowMs },
          setWhere: sql`${drillCooldowns.lastAt} <= ${nowMs - cooldownMs}`,
        })
        .returning({ lastAt: drillCooldowns.lastAt })
        .get();
      if (taken) return 0;
      const row = db
        .select({ lastAt: drillCooldowns.lastAt })
        .from(drillCooldowns)
        .where(and(eq(drillCooldowns.platform, platform), eq(drillCooldowns.platformUserId, platformUserId)))
        .get();
      return Math.max(1, (row?.lastAt ?? nowMs) + cooldownMs - nowMs);
    },
  };
}

export type CooldownRepository = ReturnType<typeof createCooldownRepository>;
