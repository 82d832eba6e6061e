import { and, asc, eq, gt, gte, sql } from '../drizzle.js';
import { first, type Database, type Db } from '../client.js';

/**
 * Marks a change to this person's /progress. Call it with the executor of the transaction that made the change,
 * so a reader sees the new version together with the new rows, never one without the other.
 */
export async function bumpProgressVersion(database: Database, tx: Db, userId: number): Promise<void> {
  const { users } = database.tables;
  await tx
    .update(users)
    .set({ progressVersion: sql`${users.progressVersion} + 1` })
    .where(eq(users.id, userId));
}

/**
 * What the /progress report cache asks the database: the person's data version (one indexed row), and, when a
 * report is stored, until when the clock alone cannot change it.
 */
export function createProgressVersionRepository(database: Database) {
  const { db } = database;
  const { answers, users } = database.tables;
  return {
    /** The person's data version; undefined once they are gone (forget-me). */
    async current(userId: number): Promise<number | undefined> {
      const row = await first(db.select({ version: users.progressVersion }).from(users).where(eq(users.id, userId)).limit(1));
      return row?.version;
    },

    /**
     * The first moment after `from` at which one of this person's answers crosses a boundary that sits `offset`
     * ms before the clock (0: the report's "now"; 7 days: the start of the last-7-days window; …): an answer at
     * `t ≥ from − offset` is on the boundary at `t + offset`. Until then the same answers fall on the same side
     * of every boundary. Infinity when no answer ever will. Conservative: answers outside the report's workspace
     * or role, or not yet scored, count too.
     */
    async nextBoundaryCrossing(userId: number, from: number, offsets: readonly number[]): Promise<number> {
      let next = Infinity;
      for (const offset of new Set(offsets)) {
        const at = from - offset;
        const row = await first(
          db
            .select({ at: answers.createdAt })
            .from(answers)
            // Offset 0 is the inclusive upper bound: an answer at `from` is already in.
            .where(and(eq(answers.userId, userId), offset === 0 ? gt(answers.createdAt, new Date(at)) : gte(answers.createdAt, new Date(at))))
            .orderBy(asc(answers.createdAt))
            .limit(1),
        );
        if (row) next = Math.min(next, row.at.getTime() + offset);
      }
      return next;
    },
  };
}

export type ProgressVersionRepository = ReturnType<typeof createProgressVersionRepository>;
