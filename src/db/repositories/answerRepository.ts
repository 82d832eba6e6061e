import { and, asc, eq, inArray, ne } from '../drizzle.js';
import { first, only, type Database } from '../client.js';
import { answerErrorOf } from '../schema.js';
import type { answers, AnswerRow, EvaluationRow, MetricsRow, NewEvaluationRow, NewMetricsRow } from '../schema.js';
import { refreshProgressRollups } from './progressRollups.js';
import { saveStoryCoverage, type StoryCoverageRow } from './storyCoverageRepository.js';
import { insertUnlessAnswered } from './insertUnlessAnswered.js';
import { notifyAnswerDone } from './answerQueueRepository.js';
import { ANSWER_TRANSCRIBERS, ROLES } from '../../enums.js';
import { readKnown } from '../storedEnums.js';
import type { AnswerId, QuestionId, SessionId, UserId } from '../../ids.js';

export type NewAnswer = typeof answers.$inferInsert;
export type AnswerStatus = AnswerRow['status'];

export interface AnswerRecord {
  answer: AnswerRow;
  metrics: MetricsRow | null;
  evaluation: EvaluationRow | null;
}

/** The row with `error`, `role` and `transcriber` as their enums, whatever another version stored there. */
function typed(row: AnswerRow): AnswerRow;
function typed(row: AnswerRow | undefined): AnswerRow | undefined;
function typed(row: AnswerRow | undefined): AnswerRow | undefined {
  return (
    row && {
      ...row,
      error: answerErrorOf(row.error),
      role: readKnown(ROLES, row.role, 'answers.role'),
      transcriber: row.transcriber === null ? null : readKnown(ANSWER_TRANSCRIBERS, row.transcriber, 'answers.transcriber'),
    }
  );
}

function typedRecord(record: AnswerRecord): AnswerRecord {
  return { ...record, answer: typed(record.answer) };
}

export function createAnswerRepository(database: Database) {
  const { db } = database;
  const { answers, evaluations, metrics } = database.tables;
  const withRecords = () =>
    db
      .select({ answer: answers, metrics, evaluation: evaluations })
      .from(answers)
      .leftJoin(metrics, eq(metrics.answerId, answers.id))
      .leftJoin(evaluations, eq(evaluations.answerId, answers.id));
  return {
    async create(answer: NewAnswer): Promise<AnswerRow> {
      return database.transaction(async (tx) => {
        const row = await only(tx.insert(answers).values(answer).returning());
        await refreshProgressRollups(database, tx, row.id);
        return row;
      });
    },

    /**
     * Stores the answer unless this person already has one that counts for the question (see findForQuestion), as
     * one step: two submissions racing for one question store one answer. Undefined when one was there.
     */
    async createUnlessAnswered(answer: NewAnswer): Promise<AnswerRow | undefined> {
      return database.transaction(async (tx) => {
        const row = await insertUnlessAnswered(database, tx, answer);
        if (row) await refreshProgressRollups(database, tx, row.id);
        return row;
      });
    },

    async get(id: AnswerId): Promise<AnswerRow | undefined> {
      return typed(await first(db.select().from(answers).where(eq(answers.id, id)).limit(1)));
    },

    /**
     * Stores a transcript if the answer is still waiting for one: false when another run (a worker presumed dead, then
     * its replacement) got there first, so the later one applies nothing.
     */
    async markTranscribed(id: AnswerId, patch: { transcript: string } & Required<Pick<NewAnswer, 'transcriber' | 'transcriberModel'>>): Promise<boolean> {
      const updated = await db
        .update(answers)
        .set({ ...patch, status: 'transcribed', error: null })
        .where(and(eq(answers.id, id), eq(answers.status, 'received')))
        .returning({ id: answers.id });
      return updated.length > 0;
    },

    async update(id: AnswerId, patch: Partial<Omit<NewAnswer, 'id'>>): Promise<void> {
      if (patch.status !== 'failed') {
        await db.update(answers).set(patch).where(eq(answers.id, id));
        return;
      }
      // A failed answer's work is over: the bot waiting on another machine hears of it on commit.
      await database.transaction(async (tx) => {
        await tx.update(answers).set(patch).where(eq(answers.id, id));
        await notifyAnswerDone(database, tx, id);
      });
    },

    async saveMetrics(row: NewMetricsRow & { answerId: AnswerId }): Promise<void> {
      await database.transaction(async (tx) => {
        await tx.insert(metrics).values(row).onConflictDoUpdate({ target: metrics.answerId, set: row });
        await refreshProgressRollups(database, tx, row.answerId);
      });
    },

    /** With `story` (behavioural answers), its story coverage is written in the same transaction. */
    async saveEvaluation(row: NewEvaluationRow & { answerId: AnswerId }, story?: StoryCoverageRow): Promise<void> {
      await database.transaction(async (tx) => {
        await tx.insert(evaluations).values(row).onConflictDoUpdate({ target: evaluations.answerId, set: row });
        await tx.update(answers).set({ status: 'scored', error: null }).where(eq(answers.id, row.answerId));
        if (story) await saveStoryCoverage(database, tx, row.answerId, story);
        await refreshProgressRollups(database, tx, row.answerId);
        await notifyAnswerDone(database, tx, row.answerId);
      });
    },

    async record(id: AnswerId): Promise<AnswerRecord | undefined> {
      const row = await first(withRecords().where(eq(answers.id, id)).limit(1));
      return row && typedRecord(row);
    },

    /** Every answer of a session with its metrics and evaluation, oldest first. */
    async forSession(sessionId: SessionId): Promise<AnswerRecord[]> {
      const rows = await withRecords().where(eq(answers.sessionId, sessionId)).orderBy(asc(answers.id));
      return rows.map(typedRecord);
    },

    /** The answer that counts for this question: failed attempts (no speech, unreadable audio) do not. */
    async findForQuestion(questionId: QuestionId, userId: UserId): Promise<AnswerRow | undefined> {
      return typed(
        await first(
          db
            .select()
            .from(answers)
            .where(and(eq(answers.questionId, questionId), eq(answers.userId, userId), ne(answers.status, 'failed')))
            .limit(1),
        ),
      );
    },

    /** Answers whose work did not finish (crash, restart, provider down), for resuming at start-up. */
    async unfinished(): Promise<AnswerRow[]> {
      const rows = await db
        .select()
        .from(answers)
        .where(inArray(answers.status, ['received', 'transcribed']))
        .orderBy(asc(answers.id));
      return rows.map((row) => typed(row));
    },
  };
}

export type AnswerRepository = ReturnType<typeof createAnswerRepository>;
