import { and, eq, inArray, sql } from '../drizzle.js';
import type { SQL } from 'drizzle-orm';
import { first, type Database, type Db } from '../client.js';
import type { AnswerRow, NewMetricsRow } from '../schema.js';
import type { NewAnswer } from './answerRepository.js';
import { refreshProgressRollups } from './progressRollups.js';
import { insertUnlessAnswered } from './insertUnlessAnswered.js';
import type { AnswerId } from '../../ids.js';

/** Where finished answers are announced on Postgres (`pg_notify` on commit; the bot LISTENs). Payload: the answer id. */
export const ANSWER_DONE_CHANNEL = 'answer_done';

/**
 * Raw SQL on one transaction's connection, in the shape pg-boss takes as `db` (its `IDatabase`): so a job is sent
 * in the same transaction as the rows it is about.
 */
export interface TransactionSql {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** What is stored with a queued answer, besides its row. */
export interface QueuedAnswerExtras {
  /** The bot process that owes the card (`sessions.owner`'s names). */
  owner: string;
  /** A voice answer's WAV, for a worker on any machine. */
  wav?: Buffer;
  /** Measures the bot already has (a live voice answer transcribed while it was spoken): the worker only scores. */
  metrics?: Omit<NewMetricsRow, 'answerId'>;
  /** Seconds already counted against the allowance for this answer (a reservation), noted with it. */
  chargedSec?: { seconds: number; day: string };
}

/** The answer queue's rows across machines: audio waiting for a worker, feedback owed by the bot. */
export function createAnswerQueueRepository(database: Database) {
  const { db } = database;
  const { answers, answerAudio, feedbackOwed, metrics, transcriptionCharges } = database.tables;
  return {
    /**
     * One transaction: the answer (unless this person already has one that counts for the question), its audio, the
     * feedback owed, the charge already counted, and whatever `enqueue` writes on the same connection (the pg-boss
     * job). All or nothing: no answer without its job, no job without its answer. Undefined when one was there.
     */
    async storeWithJob(answer: NewAnswer, extras: QueuedAnswerExtras, enqueue: (client: TransactionSql, answerId: AnswerId) => Promise<void>): Promise<AnswerRow | undefined> {
      return database.transaction(async (tx) => {
        const row = await insertUnlessAnswered(database, tx, answer);
        if (!row) return undefined;
        if (extras.metrics) await tx.insert(metrics).values({ ...extras.metrics, answerId: row.id });
        await refreshProgressRollups(database, tx, row.id);
        if (extras.wav) await tx.insert(answerAudio).values({ answerId: row.id, wav: extras.wav });
        if (extras.chargedSec) await tx.insert(transcriptionCharges).values({ answerId: row.id, ...extras.chargedSec });
        await tx.insert(feedbackOwed).values({ answerId: row.id, owner: extras.owner });
        await enqueue(transactionSql(database, tx), row.id);
        return row;
      });
    },

    async audio(answerId: AnswerId): Promise<Buffer | undefined> {
      return (await first(db.select({ wav: answerAudio.wav }).from(answerAudio).where(eq(answerAudio.answerId, answerId)).limit(1)))?.wav;
    },

    async dropAudio(answerId: AnswerId): Promise<void> {
      await db.delete(answerAudio).where(eq(answerAudio.answerId, answerId));
    },

    /** Takes the feedback owed for an answer: true for exactly one caller, who posts the card. */
    async takeOwed(answerId: AnswerId, owner: string): Promise<boolean> {
      const taken = await db
        .delete(feedbackOwed)
        .where(and(eq(feedbackOwed.answerId, answerId), eq(feedbackOwed.owner, owner)))
        .returning({ answerId: feedbackOwed.answerId });
      return taken.length > 0;
    },

    /** Answers this owner owes feedback for whose work is over (scored or failed): what a (re)connect catches up on. */
    async owedAndDone(owner: string): Promise<AnswerId[]> {
      const rows = await db
        .select({ answerId: feedbackOwed.answerId })
        .from(feedbackOwed)
        .innerJoin(answers, eq(answers.id, feedbackOwed.answerId))
        .where(and(eq(feedbackOwed.owner, owner), inArray(answers.status, ['scored', 'failed'])))
        .orderBy(feedbackOwed.answerId);
      return rows.map((r) => r.answerId);
    },
  };
}

/** Announces on Postgres, when `tx` commits, that an answer's work is over; nothing on SQLite (one process). */
export async function notifyAnswerDone(database: Database, tx: Db, answerId: AnswerId): Promise<void> {
  if (database.dialect !== 'postgres') return;
  await database.run(sql`SELECT pg_notify(${ANSWER_DONE_CHANNEL}, ${String(answerId)})`, tx);
}

/** pg-boss's positional SQL (`$1`, `$2`…) run through the transaction's executor. */
function transactionSql(database: Database, tx: Db): TransactionSql {
  return {
    executeSql: async (text, values = []) => ({ rows: await database.rows<unknown>(positional(text, values), tx) }),
  };
}

function positional(text: string, values: readonly unknown[]): SQL {
  const parts: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    parts.push(sql.raw(text.slice(last, match.index)));
    parts.push(sql`${values[Number(match[1]) - 1]}`);
    last = match.index + match[0].length;
  }
  parts.push(sql.raw(text.slice(last)));
  return sql.join(parts, sql.raw(''));
}

export type AnswerQueueRepository = ReturnType<typeof createAnswerQueueRepository>;
