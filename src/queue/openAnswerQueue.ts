import type { Config } from '../config/index.js';
import type { Logger } from '../logger.js';
import { InProcessQueue } from './InProcessQueue.js';
import type { JobQueue, RetryPolicy } from './JobQueue.js';
import type { PgBossQueue } from './PgBossQueue.js';

type QueueConfig = Pick<
  Config,
  'DATABASE_URL' | 'QUEUE_RETRY_LIMIT' | 'QUEUE_RETRY_DELAY_SECONDS' | 'QUEUE_EXPIRE_SECONDS' | 'QUEUE_MONITOR_SECONDS' | 'QUEUE_SCHEMA' | 'WORKER_CONCURRENCY'
>;

/** The retry policy and visibility timeout from the settings (QUEUE_*). */
export function retryPolicyOf(config: QueueConfig): RetryPolicy {
  return { retryLimit: config.QUEUE_RETRY_LIMIT, retryDelaySec: config.QUEUE_RETRY_DELAY_SECONDS, expireInSec: config.QUEUE_EXPIRE_SECONDS };
}

/**
 * The in-process queue: the bot's own, with SQLite (the QUEUE_* settings are for Postgres). No retries here — a
 * person is waiting for the answer, a failure reaches them at once, and a failed transcription is retried by the flow
 * (TRANSCRIPTION_RETRY_SECONDS) — and the timeout only bounds a hung job: an hour, far above any honest one.
 */
export function inProcessAnswerQueue(): JobQueue {
  return new InProcessQueue(IN_PROCESS_POLICY);
}

export const IN_PROCESS_POLICY: RetryPolicy = { retryLimit: 0, retryDelaySec: 1, expireInSec: 3600 };

/** The pg-boss queue in the Postgres database at DATABASE_URL; pg-boss loads only here. */
export async function pgBossAnswerQueue(config: QueueConfig, logger?: Logger, concurrency: number = config.WORKER_CONCURRENCY): Promise<PgBossQueue> {
  if (!config.DATABASE_URL) throw new Error('the pg-boss queue needs DATABASE_URL');
  const { PgBossQueue } = await import('./PgBossQueue.js');
  return PgBossQueue.start({
    connectionString: config.DATABASE_URL,
    schema: config.QUEUE_SCHEMA,
    policy: retryPolicyOf(config),
    monitorIntervalSec: config.QUEUE_MONITOR_SECONDS,
    concurrency: Math.max(1, concurrency),
    pollingIntervalSec: 1,
    ...(logger ? { logger } : {}),
  });
}
