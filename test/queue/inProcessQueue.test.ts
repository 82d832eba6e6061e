import { describe, expect, it } from 'vitest';
import { InProcessQueue } from '../../src/queue/InProcessQueue.js';
import { backoffSeconds } from '../../src/queue/backoff.js';
import type { JobContext, RetryPolicy } from '../../src/queue/JobQueue.js';

const noDelay: RetryPolicy = { retryLimit: 2, retryDelaySec: 0, expireInSec: 60 };

describe('InProcessQueue', () => {
  it('runs the work right away: enqueue settles when the handler has finished', async () => {
    const queue = new InProcessQueue(noDelay);
    const done: number[] = [];
    await queue.work(async ({ answerId }) => {
      await Promise.resolve();
      done.push(answerId);
    });
    await expect(queue.enqueue({ answerId: 7 })).resolves.toBe('done');
    expect(done).toEqual([7]);
  });

  it('retries a failing job up to the limit, then rejects with the last failure', async () => {
    const queue = new InProcessQueue(noDelay);
    const attempts: number[] = [];
    await queue.work(({ answerId }, { attempt }) => {
      attempts.push(attempt);
      return Promise.reject(new Error(`answer ${answerId} failed on try ${attempt}`));
    });
    await expect(queue.enqueue({ answerId: 3 })).rejects.toThrow('answer 3 failed on try 3');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('a job that succeeds on a retry is done', async () => {
    const queue = new InProcessQueue(noDelay);
    const attempts: number[] = [];
    await queue.work((_job, { attempt }) => {
      attempts.push(attempt);
      return attempt === 1 ? Promise.reject(new Error('transient')) : Promise.resolve();
    });
    await expect(queue.enqueue({ answerId: 1 })).resolves.toBe('done');
    expect(attempts).toEqual([1, 2]);
  });

  it('queues nothing for an answer whose work is already running', async () => {
    const queue = new InProcessQueue(noDelay);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    await queue.work(async () => {
      runs++;
      await held;
    });
    const first = queue.enqueue({ answerId: 5 });
    await expect(queue.enqueue({ answerId: 5 })).resolves.toBe('duplicate');
    release();
    await expect(first).resolves.toBe('done');
    expect(runs).toBe(1);
    // Finished work can be queued again (the handler decides that there is nothing left to do).
    await expect(queue.enqueue({ answerId: 5 })).resolves.toBe('done');
    expect(runs).toBe(2);
  });

  it('a job held past its visibility timeout is aborted and tried again', async () => {
    const queue = new InProcessQueue({ retryLimit: 1, retryDelaySec: 0, expireInSec: 0.05 });
    const seen: JobContext[] = [];
    await queue.work((_job, context) => {
      seen.push(context);
      // The first try hangs (until its signal aborts); the retry finishes.
      return context.attempt === 1 ? new Promise<void>(() => undefined) : Promise.resolve();
    });
    await expect(queue.enqueue({ answerId: 9 })).resolves.toBe('done');
    expect(seen.map((c) => c.attempt)).toEqual([1, 2]);
    expect(seen[0]?.signal.aborted).toBe(true);
  });

  it('stop lets running work finish within the grace period, then takes no more', async () => {
    const queue = new InProcessQueue(noDelay);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    await queue.work(async () => {
      started();
      await held;
    });
    const work = queue.enqueue({ answerId: 2 });
    await running;
    const stopping = queue.stop(60_000);
    release();
    await stopping;
    await expect(work).resolves.toBe('done');
    await expect(queue.enqueue({ answerId: 4 })).rejects.toThrow('stopped');
  });

  it('stop releases work still running after the grace period: its signal aborts', async () => {
    const queue = new InProcessQueue(noDelay);
    let signal: AbortSignal | undefined;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    await queue.work((_job, context) => {
      signal = context.signal;
      started();
      return new Promise<void>(() => undefined);
    });
    const work = queue.enqueue({ answerId: 8 });
    await running;
    await queue.stop(0);
    await expect(work).rejects.toThrow('the queue stopped');
    expect(signal?.aborted).toBe(true);
  });

  it('refuses work before a handler is registered, and a second handler', async () => {
    const queue = new InProcessQueue(noDelay);
    await expect(queue.enqueue({ answerId: 1 })).rejects.toThrow('call work() first');
    await queue.work(() => Promise.resolve());
    await expect(queue.work(() => Promise.resolve())).rejects.toThrow('already has a worker');
  });
});

describe('backoffSeconds', () => {
  it('doubles the delay after each failure', () => {
    const policy: RetryPolicy = { retryLimit: 5, retryDelaySec: 5, expireInSec: 60 };
    expect([1, 2, 3, 4].map((n) => backoffSeconds(policy, n))).toEqual([5, 10, 20, 40]);
  });
});
