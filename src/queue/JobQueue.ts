import type { AnswerId } from '../ids.js';

/**
 * The work queue for answers: an answer's row is stored first, then its work (transcribe if still `received`,
 * analyze, score) is queued by the answer's id and done by whoever works the queue. Two implementations behind one
 * interface — in this process (SQLite, one process: the work runs right away, as it always did) and pg-boss on
 * Postgres (`interview-coach worker` processes on any machine take the jobs). The handler must be idempotent by
 * answer id: a job can run twice (a worker died holding it, a retry after a failure), and a second run of a
 * finished answer changes nothing.
 */

/** One answer's work; the payload is the id alone — everything else is in the database. */
export interface AnswerJob {
  answerId: AnswerId;
}

export interface JobContext {
  /** 1 on the first try, 2 on the first retry… */
  attempt: number;
  /** Aborted when the queue stops without waiting for the job: stop at a safe point and let it run again. */
  signal: AbortSignal;
}

export type AnswerJobHandler = (job: AnswerJob, context: JobContext) => Promise<void>;

/** How a job that fails or is abandoned is tried again. */
export interface RetryPolicy {
  /** Tries after the first (0: none). */
  retryLimit: number;
  /** Seconds before the first retry; doubled for each one after it (with jitter on pg-boss). */
  retryDelaySec: number;
  /**
   * The visibility timeout: a job active for longer than this is taken to be lost (its worker died or hung) and is
   * tried again by another worker, as long as retries are left.
   */
  expireInSec: number;
}

export type EnqueueOutcome =
  /** Done already (in process): the handler ran to the end. */
  | 'done'
  /** Stored for a worker. */
  | 'queued'
  /** A job for this answer is already waiting or running: nothing new was queued. */
  | 'duplicate';

export interface JobQueue {
  readonly kind: 'in-process' | 'pg-boss';
  /**
   * Queues an answer's work. In process the work runs now and this settles when it has (rejecting with the last
   * failure once the retries are used up); on pg-boss it settles when the job is stored.
   */
  enqueue(job: AnswerJob): Promise<EnqueueOutcome>;
  /** Starts taking jobs with this handler (one handler per queue). */
  work(handler: AnswerJobHandler): Promise<void>;
  /**
   * Stops taking jobs. Jobs running are given `graceMs` to finish; one still running then is released (its signal
   * aborts) and runs again elsewhere — on pg-boss after its visibility timeout.
   */
  stop(graceMs?: number): Promise<void>;
}

/** The queue's name on pg-boss and in logs. */
export const ANSWER_QUEUE = 'answer-work';
/** Where pg-boss moves an answer's job whose retries are used up. */
export const DEAD_ANSWER_QUEUE = 'answer-work-dead';

/** Answers are quick (seconds to a minute or two) but a local model behind a backlog can be slow. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retryLimit: 3, retryDelaySec: 5, expireInSec: 600 };
