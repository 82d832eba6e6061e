import { and, eq, sql } from '../drizzle.js';
import { first, type Database } from '../client.js';

export function createCooldownRepository({ db, tables }: Database) {
  const { drillCooldowns } = tables;
  return {
    /**
     * Starts a person's drill cool-down if the last one is over: one upsert whose update only happens when
     * `last_at` is at least `cooldownMs` old, so two processes cannot both let a drill through. Returns 0 when
     * taken, else the milliseconds left.
     */
    async takeDrill(platform: string, platformUserId: string, nowMs: number, cooldownMs: number): Promise<number> {
      const taken = await first(
        db
          .insert(drillCooldowns)
          .values({ platform, platformUserId, lastAt: nowMs })
          .onConflictDoUpdate({
            target: [drillCooldowns.platform, drillCooldowns.platformUserId],
            set: { lastAt: nowMs },
            setWhere: sql`${drillCooldowns.lastAt} <= ${nowMs - cooldownMs}`,
          })
          .returning({ lastAt: drillCooldowns.lastAt }),
      );
      if (taken) return 0;
      const row = await first(
        db
          .select({ lastAt: drillCooldowns.lastAt })
          .from(drillCooldowns)
          .where(and(eq(drillCooldowns.platform, platform), eq(drillCooldowns.platformUserId, platformUserId)))
          .limit(1),
      );
      return Math.max(1, (row?.lastAt ?? nowMs) + cooldownMs - nowMs);
    },
  };
}

export type CooldownRepository = ReturnType<typeof createCooldownRepository>;
