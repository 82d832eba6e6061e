import { and, desc, eq } from '../drizzle.js';
import type { Database } from '../client.js';
import type { AnswerRow } from '../schema.js';
import type { PlatformIdentity } from './identityRepository.js';

export interface HistoryEntry {
  at: Date;
  role: string;
  question: string;
  score: number | null;
  status: AnswerRow['status'];
}

/** A person's past answers, read by their platform ids: looking creates nothing (no user, no workspace row). */
export function createHistoryRepository(database: Database) {
  const { db } = database;
  const { answers, evaluations, questions, users, workspaces } = database.tables;
  return {
    /** The person's last `limit` answers in this workspace, newest first; empty when either is unknown. */
    async recentAnswers(person: PlatformIdentity, workspace: PlatformIdentity, limit: number): Promise<HistoryEntry[]> {
      return db
        .select({ at: answers.createdAt, role: answers.role, question: questions.text, score: evaluations.score, status: answers.status })
        .from(answers)
        .innerJoin(users, eq(users.id, answers.userId))
        .innerJoin(workspaces, eq(workspaces.id, answers.workspaceId))
        .innerJoin(questions, eq(questions.id, answers.questionId))
        .leftJoin(evaluations, eq(evaluations.answerId, answers.id))
        .where(
          and(
            eq(users.platform, person.platform),
            eq(users.platformUserId, person.id),
            eq(workspaces.platform, workspace.platform),
            eq(workspaces.platformWorkspaceId, workspace.id),
          ),
        )
        .orderBy(desc(answers.createdAt), desc(answers.id))
        .limit(limit);
    },
  };
}

export type HistoryRepository = ReturnType<typeof createHistoryRepository>;
