import { PgBoss, type Job, type SendOptions } from 'pg-boss';
import type { Logger } from '../logger.js';
import { answerId as toAnswerId } from '../ids.js';
import type { TransactionSql } from '../db/index.js';
import { ANSWER_QUEUE, DEAD_ANSWER_QUEUE, type AnswerJob, type AnswerJobHandler, type EnqueueOutcome, type JobQueue, type RetryPolicy } from './JobQueue.js';

export interface PgBossQueueOptions {
  connectionString: string;
  /** The Postgres schema pg-boss keeps its tables in (default `pgboss`); tests use one of their own. */
  schema?: string;
  policy: RetryPolicy;
  /**
   * How often this process checks for jobs held past their visibility timeout (a dead worker's) and hands them
   * out again, in seconds — pg-boss's supervise and monitor intervals. Default 60.
   */
  monitorIntervalSec?: number;
  /** How often an idle worker looks for a job, in seconds (pg-boss's minimum is 0.5). Default 2. */
  pollingIntervalSec?: number;
  /** Jobs this process works on at once. Default 1. */
  concurrency?: number;
  logger?: Logger;
}

/**
 * The answer queue on Postgres with pg-boss (v12): one `exclusive` queue where the answer id is the singleton
 * key, so an answer has at most one job waiting or running; each job carries the retry policy (exponential
 * backoff) and the visibility timeout (`expireInSeconds`). A job whose worker died is failed by the monitor of
 * any live pg-boss process once it expires, and taken again while retries are left.
 */
export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss';
  private working = false;

  private constructor(
    private readonly boss: PgBoss,
    private readonly options: PgBossQueueOptions,
  ) {}

  /** Connects, installs or migrates pg-boss's schema (under its advisory lock) and creates the queue. */
  static async start(options: PgBossQueueOptions): Promise<PgBossQueue> {
    const monitor = options.monitorIntervalSec ?? 60;
    const boss = new PgBoss({
      connectionString: options.connectionString,
      ...(options.schema ? { schema: options.schema } : {}),
      superviseIntervalSeconds: monitor,
      monitorIntervalSeconds: monitor,
      // Nothing here runs on a schedule: no cron polling or clock-skew checks.
      schedule: false,
      // A new job wakes an idle worker at once (Postgres NOTIFY on commit); polling stays as the fallback.
      useListenNotify: true,
      application_name: 'interview-coach',
    });
    // Without a listener an 'error' event would throw; pg-boss reports maintenance failures here and retries them.
    boss.on('error', (err: Error) => options.logger?.warn({ err }, 'work queue (pg-boss) error'));
    await boss.start();
    const { retryLimit, retryDelaySec, expireInSec } = options.policy;
    // Jobs whose retries are used up land here: whoever works it tells the person (nothing is dropped silently).
    await boss.createQueue(DEAD_ANSWER_QUEUE, { policy: 'standard', retryLimit: 5, retryDelay: retryDelaySec, retryBackoff: true });
    await boss.createQueue(ANSWER_QUEUE, {
      deadLetter: DEAD_ANSWER_QUEUE,
      policy: 'exclusive',
      notify: true,
      retryLimit,
      retryDelay: retryDelaySec,
      retryBackoff: true,
      expireInSeconds: expireInSec,
    });
    // A queue created by an older version has no dead-letter queue yet.
    await boss.updateQueue(ANSWER_QUEUE, { deadLetter: DEAD_ANSWER_QUEUE });
    return new PgBossQueue(boss, options);
  }

  /**
   * Sends the job on the caller's transaction (pg-boss `send(…, { db })`): it exists if and only if that transaction
   * commits. 'duplicate' when the answer has a job already.
   */
  async enqueueIn(client: TransactionSql, job: AnswerJob): Promise<EnqueueOutcome> {
    const id = await this.boss.send(ANSWER_QUEUE, { answerId: job.answerId }, { ...this.sendOptions(job), db: client });
    return id === null ? 'duplicate' : 'queued';
  }

  /** Works the dead-letter queue: answers whose job failed for good (after its retries). */
  async workDeadLetters(handler: (job: AnswerJob) => Promise<void>): Promise<void> {
    const polling = this.options.pollingIntervalSec ?? 2;
    await this.boss.work<unknown>(DEAD_ANSWER_QUEUE, { batchSize: 1, pollingIntervalSeconds: polling, notifyPollingIntervalSeconds: polling }, async (jobs: Job<unknown>[]) => {
      for (const job of jobs) await handler(answerJobOf(job.data));
    });
  }

  async enqueue(job: AnswerJob): Promise<EnqueueOutcome> {
    const id = await this.boss.send(ANSWER_QUEUE, { answerId: job.answerId }, this.sendOptions(job));
    return id === null ? 'duplicate' : 'queued';
  }

  async work(handler: AnswerJobHandler): Promise<void> {
    if (this.working) throw new Error('this queue already has a worker');
    this.working = true;
    const polling = this.options.pollingIntervalSec ?? 2;
    await this.boss.work<unknown>(
      ANSWER_QUEUE,
      {
        batchSize: 1,
        localConcurrency: this.options.concurrency ?? 1,
        pollingIntervalSeconds: polling,
        // Retries and jobs freed from a dead worker come due without a NOTIFY: they are found by polling.
        notifyPollingIntervalSeconds: polling,
      },
      async (jobs: Job<unknown>[]) => {
        // batchSize 1: one job per call. Throwing fails it, and pg-boss retries it per its policy.
        for (const job of jobs) {
          await handler(answerJobOf(job.data), { attempt: job.retryCount + 1, signal: job.signal });
        }
      },
    );
  }

  /**
   * Stops polling, waits up to `graceMs` for the jobs being worked on, then fails what is still running (released:
   * it is retried, on another worker if this one is gone) and closes the connection pool.
   */
  async stop(graceMs = 0): Promise<void> {
    // pg-boss waits at least one second.
    await this.boss.stop({ graceful: true, timeout: Math.max(1000, graceMs), close: true });
  }

  private sendOptions(job: AnswerJob): SendOptions {
    const { retryLimit, retryDelaySec, expireInSec } = this.options.policy;
    return {
      singletonKey: String(job.answerId),
      retryLimit,
      retryDelay: retryDelaySec,
      retryBackoff: true,
      expireInSeconds: expireInSec,
    };
  }
}

/** A job's payload as it comes back from the database: checked, not trusted. */
function answerJobOf(data: unknown): AnswerJob {
  const answerId = typeof data === 'object' && data !== null && 'answerId' in data ? data.answerId : undefined;
  if (typeof answerId !== 'number' || !Number.isInteger(answerId) || answerId <= 0) {
    throw new Error('a job on the answer queue without a valid answerId');
  }
  return { answerId: toAnswerId(answerId) };
}
