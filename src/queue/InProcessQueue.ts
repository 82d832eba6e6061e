import { setTimeout as delay } from 'node:timers/promises';
import type { AnswerJob, AnswerJobHandler, EnqueueOutcome, JobQueue, RetryPolicy } from './JobQueue.js';
import { backoffSeconds } from './backoff.js';

/**
 * The queue of one process (SQLite): `enqueue` runs the handler right away and settles when it is done, so a
 * person waiting for feedback gets it as fast as before. Retries and the timeout follow the same policy as on
 * pg-boss; a second `enqueue` of an answer whose work is running queues nothing.
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process';
  private handler: AnswerJobHandler | undefined;
  private readonly running = new Map<number, { promise: Promise<void>; abort: AbortController }>();
  private stopped = false;

  constructor(private readonly policy: RetryPolicy) {}

  work(handler: AnswerJobHandler): Promise<void> {
    if (this.handler) return Promise.reject(new Error('this queue already has a worker'));
    this.handler = handler;
    return Promise.resolve();
  }

  async enqueue(job: AnswerJob): Promise<EnqueueOutcome> {
    const handler = this.handler;
    if (!handler) throw new Error('no worker on the in-process queue: call work() first');
    if (this.stopped) throw new Error('the queue is stopped');
    if (this.running.has(job.answerId)) return 'duplicate';
    const abort = new AbortController();
    const promise = this.runWithRetries(handler, job, abort.signal);
    this.running.set(job.answerId, { promise, abort });
    try {
      await promise;
      return 'done';
    } finally {
      this.running.delete(job.answerId);
    }
  }

  async stop(graceMs = 0): Promise<void> {
    this.stopped = true;
    const all = [...this.running.values()];
    if (all.length === 0) return;
    const settled = Promise.allSettled(all.map((r) => r.promise));
    const timer = AbortSignal.timeout(Math.max(0, graceMs));
    await Promise.race([settled, new Promise<void>((resolve) => timer.addEventListener('abort', () => resolve(), { once: true }))]);
    for (const r of all) r.abort.abort(new Error('the queue stopped'));
    await settled;
  }

  private async runWithRetries(handler: AnswerJobHandler, job: AnswerJob, stopSignal: AbortSignal): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const expired = AbortSignal.timeout(this.policy.expireInSec * 1000);
      const signal = AbortSignal.any([stopSignal, expired]);
      try {
        await abortable(handler({ answerId: job.answerId }, { attempt, signal }), signal);
        return;
      } catch (error) {
        if (stopSignal.aborted || attempt > this.policy.retryLimit) throw error;
      }
      // Rejects (ending the job) if the queue stops during the wait.
      await delay(backoffSeconds(this.policy, attempt) * 1000, undefined, { signal: stopSignal });
    }
  }
}

/** The handler's promise, or the signal's reason if it aborts first (a handler that ignores its signal is cut loose). */
function abortable(work: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
