import { and, eq, inArray, isNull, lt, or } from '../drizzle.js';
import type { Database } from '../client.js';
import { OPEN_STATUSES } from './sessionRepository.js';

/**
 * Which process runs each open round (`sessions.owner`, `sessions.lease_until`). Every change is one conditional
 * UPDATE, so two processes asking for the same round at once cannot both get it: the database decides.
 */
export function createRoundLeaseRepository({ db, tables }: Database) {
  const { sessions } = tables;
  const open = inArray(sessions.status, [...OPEN_STATUSES]);
  return {
    /** Extends the lease on every open round this owner holds; returns how many. */
    async renew(owner: string, until: Date): Promise<number> {
      const rows = await db.update(sessions).set({ leaseUntil: until }).where(and(eq(sessions.owner, owner), open)).returning({ id: sessions.id });
      return rows.length;
    },

    /**
     * Takes the open rounds among `ids` that are free: unowned, already this owner's (a restart of the same shard),
     * or whose lease ran out before `now`. Returns the ids now held by `owner`.
     */
    async claim(ids: readonly string[], owner: string, now: Date, until: Date): Promise<string[]> {
      if (ids.length === 0) return [];
      const free = or(isNull(sessions.owner), eq(sessions.owner, owner), isNull(sessions.leaseUntil), lt(sessions.leaseUntil, now));
      const rows = await db
        .update(sessions)
        .set({ owner, leaseUntil: until })
        .where(and(inArray(sessions.id, [...ids]), open, free))
        .returning({ id: sessions.id });
      return rows.map((row) => row.id);
    },

    /** On a clean stop: the owner's rounds become free at once (the next process to start or sweep takes them). */
    async release(owner: string, now: Date): Promise<number> {
      const rows = await db.update(sessions).set({ leaseUntil: now }).where(and(eq(sessions.owner, owner), open)).returning({ id: sessions.id });
      return rows.length;
    },
  };
}

export type RoundLeaseRepository = ReturnType<typeof createRoundLeaseRepository>;
