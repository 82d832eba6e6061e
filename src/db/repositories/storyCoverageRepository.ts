import { and, eq, sql } from '../drizzle.js';
import type { Database, Db } from '../client.js';
import type { Competency } from '../../enums.js';
import type { AnswerId, UserId, WorkspaceId } from '../../ids.js';

/** What is stored of one behavioural answer's story (see storyCoverage in the evaluate pipeline). */
export interface StoryCoverageRow {
  competencies: readonly Competency[];
  /** 0–10, one decimal. */
  strength: number;
  /** STAR bits: 1 situation, 2 task, 4 action, 8 result. */
  starParts: number;
}

/** A person's stories for one competency, summed over the workspaces asked about. */
export interface CompetencyTotals {
  competency: string;
  stories: number;
  /** Average and best strength, 0–10. */
  avgStrength: number;
  bestStrength: number;
  /** Stories with all four STAR parts. */
  complete: number;
}

const ALL_STAR_PARTS = 15;

/**
 * Replaces an answer's story coverage and rebuilds its owner's per-competency rollup from the stored stories. Call it
 * in the transaction that writes the evaluation, before the progress version is bumped there.
 */
export async function saveStoryCoverage(database: Database, tx: Db, answerId: AnswerId, coverage: StoryCoverageRow): Promise<void> {
  const { answers, storyCoverage } = database.tables;
  const [answer] = await tx.select({ userId: answers.userId, workspaceId: answers.workspaceId }).from(answers).where(eq(answers.id, answerId)).limit(1);
  if (!answer) return;
  await tx.delete(storyCoverage).where(eq(storyCoverage.answerId, answerId));
  const strength = Math.round(Math.min(10, Math.max(0, coverage.strength)) * 10);
  if (coverage.competencies.length > 0) {
    await tx.insert(storyCoverage).values(
      coverage.competencies.map((competency) => ({ answerId, competency, userId: answer.userId, workspaceId: answer.workspaceId, strength, starParts: coverage.starParts })),
    );
  }
  await rebuildCompetencyRollup(database, tx, answer.userId);
}

async function rebuildCompetencyRollup(database: Database, tx: Db, userId: UserId): Promise<void> {
  await database.run(sql`DELETE FROM progress_competencies WHERE user_id = ${userId}`, tx);
  await database.run(
    sql`INSERT INTO progress_competencies (user_id, workspace_id, competency, stories, strength_sum, best, complete)
SELECT user_id, workspace_id, competency, count(*), sum(strength), max(strength), sum(CASE WHEN star_parts = ${ALL_STAR_PARTS} THEN 1 ELSE 0 END)
FROM story_coverage WHERE user_id = ${userId}
GROUP BY user_id, workspace_id, competency`,
    tx,
  );
}

/** Reads the rollup: one row per competency the person has a story for (a handful of rows whatever the history). */
export function createStoryCoverageRepository(database: Database) {
  const { db } = database;
  const { progressCompetencies: p } = database.tables;
  return {
    async totals(userId: UserId, workspaceId: WorkspaceId | null = null): Promise<CompetencyTotals[]> {
      const rows = await db
        .select({ competency: p.competency, stories: p.stories, strengthSum: p.strengthSum, best: p.best, complete: p.complete })
        .from(p)
        .where(workspaceId === null ? eq(p.userId, userId) : and(eq(p.userId, userId), eq(p.workspaceId, workspaceId)));
      const byCompetency = new Map<string, { stories: number; strengthSum: number; best: number; complete: number }>();
      for (const row of rows) {
        const sum = byCompetency.get(row.competency) ?? { stories: 0, strengthSum: 0, best: 0, complete: 0 };
        sum.stories += Number(row.stories);
        sum.strengthSum += Number(row.strengthSum);
        sum.best = Math.max(sum.best, Number(row.best));
        sum.complete += Number(row.complete);
        byCompetency.set(row.competency, sum);
      }
      return [...byCompetency].map(([competency, s]) => ({
        competency,
        stories: s.stories,
        avgStrength: Math.round(s.strengthSum / s.stories) / 10,
        bestStrength: s.best / 10,
        complete: s.complete,
      }));
    },
  };
}

export type StoryCoverageRepository = ReturnType<typeof createStoryCoverageRepository>;
