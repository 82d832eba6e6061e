import type { TransactionSql } from '../db/index.js';
import type { AnswerId } from '../ids.js';
import type { Logger } from '../logger.js';
import type { AnswerJob, EnqueueOutcome } from '../queue/JobQueue.js';

/** What hears that answers' work is over (src/queue/AnswerResultListener.ts on Postgres). */
export interface AnswerResults {
  on(event: 'done', listener: (answerId: AnswerId) => void): unknown;
  on(event: 'connected', listener: () => void): unknown;
}

/** ANSWER_QUEUE=pg-boss: how the bot hands answers to the queue and hears back (see AnswerProcessor). */
export interface AnswerHandOff {
  /** This process as the owner of the feedback it owes (`sessions.owner`'s names: `main`, `discord-shard-N`). */
  owner: string;
  /** QUEUE_AUDIO_MAX_BYTES: the largest WAV stored for a worker. */
  audioMaxBytes: number;
  /** Sends the answer's job on the transaction that stores the answer. */
  enqueueIn(client: TransactionSql, job: AnswerJob): Promise<EnqueueOutcome>;
  results: AnswerResults;
  logger?: Logger;
}
