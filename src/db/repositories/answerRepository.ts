import { and, asc, eq, inArray, ne } from '../drizzle.js';
import type { Db } from '../client.js';
import {
  answerErrorOf,
  answers,
  evaluations,
  metrics,
  type AnswerRow,
  type EvaluationRow,
  type MetricsRow,
  type NewEvaluationRow,
  type NewMetricsRow,
} from '../schema.js';
import { refreshProgressRollups } from './progressRollups.js';

export type NewAnswer = typeof answers.$inferInsert;
export type AnswerStatus = AnswerRow['status'];

export interface AnswerRecord {
  answer: AnswerRow;
  metrics: MetricsRow | null;
  evaluation: EvaluationRow | null;
}

/** The row with `error` as the enum, whatever an older version stored there. */
function typed(row: AnswerRow): AnswerRow;
function typed(row: AnswerRow | undefined): AnswerRow | undefined;
function typed(row: AnswerRow | undefined): AnswerRow | undefined {
  return row && { ...row, error: answerErrorOf(row.error) };
}

function typedRecord(record: AnswerRecord): AnswerRecord {
  return { ...record, answer: typed(record.answer) };
}

export function createAnswerRepository(db: Db) {
  return {
    create(answer: NewAnswer): AnswerRow {
      return db.transaction((tx) => {
        const row = tx.insert(answers).values(answer).returning().get();
        refreshProgressRollups(tx, row.id);
        return row;
      });
    },

    get(id: number): AnswerRow | undefined {
      return typed(db.select().from(answers).where(eq(answers.id, id)).get());
    },

    update(id: number, patch: Partial<Omit<NewAnswer, 'id'>>): void {
      db.update(answers).set(patch).where(eq(answers.id, id)).run();
    },

    saveMetrics(row: NewMetricsRow & { answerId: number }): void {
      db.transaction((tx) => {
        tx.insert(metrics).values(row).onConflictDoUpdate({ target: metrics.answerId, set: row }).run();
        refreshProgressRollups(tx, row.answerId);
      });
    },

    saveEvaluation(row: NewEvaluationRow & { answerId: number }): void {
      db.transaction((tx) => {
        tx.insert(evaluations).values(row).onConflictDoUpdate({ target: evaluations.answerId, set: row }).run();
        tx.update(answers).set({ status: 'scored', error: null }).where(eq(answers.id, row.answerId)).run();
        refreshProgressRollups(tx, row.answerId);
      });
    },

    record(id: number): AnswerRecord | undefined {
      const row = db
        .select({ answer: answers, metrics, evaluation: evaluations })
        .from(answers)
        .leftJoin(metrics, eq(metrics.answerId, answers.id))
        .leftJoin(evaluations, eq(evaluations.answerId, answers.id))
        .where(eq(answers.id, id))
        .get();
      return row && typedRecord(row);
    },

    /** Every answer of a session with its metrics and evaluation, oldest first. */
    forSession(sessionId: string): AnswerRecord[] {
      return db
        .select({ answer: answers, metrics, evaluation: evaluations })
        .from(answers)
        .leftJoin(metrics, eq(metrics.answerId, answers.id))
        .leftJoin(evaluations, eq(evaluations.answerId, answers.id))
        .where(eq(answers.sessionId, sessionId))
        .orderBy(asc(answers.id))
        .all()
        .map(typedRecord);
    },

    /** The answer that counts for this question: failed attempts (no speech, unreadable audio) do not. */
    findForQuestion(questionId: number, userId: number): AnswerRow | undefined {
      return typed(
        db
          .select()
          .from(answers)
          .where(and(eq(answers.questionId, questionId), eq(answers.userId, userId), ne(answers.status, 'failed')))
          .get(),
      );
    },

    /** Answers whose work did not finish (crash, restart, provider down), for resuming at start-up. */
    unfinished(): AnswerRow[] {
      return db
        .select()
        .from(answers)
        .where(inArray(answers.status, ['received', 'transcribed']))
        .orderBy(asc(answers.id))
        .all()
        .map((row) => typed(row));
    },
  };
}

export type AnswerRepository = ReturnType<typeof createAnswerRepository>;
