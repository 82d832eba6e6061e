import { and, eq, ne, sql } from '../drizzle.js';
import { first, only, type Database, type Db } from '../client.js';
import type { AnswerRow } from '../schema.js';
import type { NewAnswer } from './answerRepository.js';

/**
 * Inserts the answer in `tx` unless this person already has one that counts for the question (any but a failed one),
 * as one step: two submissions racing for one question store one answer. Undefined when one was there.
 */
export async function insertUnlessAnswered(database: Database, tx: Db, answer: NewAnswer): Promise<AnswerRow | undefined> {
  const { answers } = database.tables;
  // SQLite runs write transactions one at a time (BEGIN IMMEDIATE). Postgres runs them side by side under READ
  // COMMITTED, where two submissions would both find no answer and both insert: locking the question's row makes the
  // second wait until the first has committed, and then see its answer.
  if (database.dialect === 'postgres') await database.run(sql`SELECT 1 FROM questions WHERE id = ${answer.questionId} FOR NO KEY UPDATE`, tx);
  const existing = await first(
    tx
      .select({ id: answers.id })
      .from(answers)
      .where(and(eq(answers.questionId, answer.questionId), eq(answers.userId, answer.userId), ne(answers.status, 'failed')))
      .limit(1),
  );
  if (existing) return undefined;
  return only(tx.insert(answers).values(answer).returning());
}
