// storage: PostgreSQL only — the pg-boss queue, which needs Postgres.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PgBossQueue } from '../../src/queue/PgBossQueue.js';
import { ANSWER_QUEUE, type RetryPolicy } from '../../src/queue/JobQueue.js';
import { createPgScratch, TEST_DATABASE_URL, waitFor, type PgScratch } from './pgScratch.js';
import { answerId as toAnswerId } from '../helpers/ids.js';

// The real server: each test gets a pg-boss schema of its own, dropped with the file's scratch schema.
let scratch: PgScratch;
const started: PgBossQueue[] = [];
let n = 0;

beforeAll(async () => {
  scratch = await createPgScratch('pgbossq');
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((q) => q.stop(0)));
});
afterAll(async () => {
  for (let i = 0; i < n; i++) await scratch.client.query(`DROP SCHEMA IF EXISTS ${scratch.bossSchema}_${i} CASCADE`);
  await scratch.drop();
});

async function startQueue(policy: RetryPolicy): Promise<{ queue: PgBossQueue; schema: string }> {
  const schema = `${scratch.bossSchema}_${n++}`;
  const queue = await PgBossQueue.start({ connectionString: TEST_DATABASE_URL, schema, policy, pollingIntervalSec: 0.5, monitorIntervalSec: 1 });
  started.push(queue);
  return { queue, schema };
}

async function jobRows(schema: string): Promise<{ state: string; retry_count: number; singleton_key: string }[]> {
  const { rows } = await scratch.client.query<{ state: string; retry_count: number; singleton_key: string }>(
    `SELECT state::text AS state, retry_count, singleton_key FROM ${schema}.job WHERE name = $1 ORDER BY created_on`,
    [ANSWER_QUEUE],
  );
  return rows;
}

/** A promise resolved on the handler's nth call (the signal a test waits on). */
function calls(count: number): { seen: number[]; reached: Promise<void>; record(answerId: number): void } {
  const seen: number[] = [];
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  return {
    seen,
    reached,
    record(answerId) {
      seen.push(answerId);
      if (seen.length === count) reach();
    },
  };
}

describe('PgBossQueue (pg-boss on the real Postgres)', () => {
  it('a queued answer is worked, and its job completes', async () => {
    const { queue, schema } = await startQueue({ retryLimit: 2, retryDelaySec: 1, expireInSec: 30 });
    const handled = calls(1);
    await expect(queue.enqueue({ answerId: toAnswerId(41) })).resolves.toBe('queued');
    await queue.work(({ answerId }) => {
      handled.record(answerId);
      return Promise.resolve();
    });
    await handled.reached;
    expect(handled.seen).toEqual([41]);
    const [job] = await waitFor('the job to complete', async () => {
      const rows = await jobRows(schema);
      return rows[0]?.state === 'completed' ? rows : undefined;
    });
    expect(job).toMatchObject({ singleton_key: '41', retry_count: 0 });
  });

  it('one job per answer: a second enqueue while the first waits is a duplicate', async () => {
    const { queue, schema } = await startQueue({ retryLimit: 2, retryDelaySec: 1, expireInSec: 30 });
    await expect(queue.enqueue({ answerId: toAnswerId(5) })).resolves.toBe('queued');
    await expect(queue.enqueue({ answerId: toAnswerId(5) })).resolves.toBe('duplicate');
    await expect(queue.enqueue({ answerId: toAnswerId(6) })).resolves.toBe('queued');
    expect((await jobRows(schema)).map((r) => r.singleton_key)).toEqual(['5', '6']);
  });

  it('a failed job is retried with its attempt number, then completes', async () => {
    const { queue, schema } = await startQueue({ retryLimit: 2, retryDelaySec: 1, expireInSec: 30 });
    const attempts: number[] = [];
    const handled = calls(2);
    await queue.work(({ answerId }, { attempt }) => {
      attempts.push(attempt);
      handled.record(answerId);
      return attempt === 1 ? Promise.reject(new Error('transcriber down')) : Promise.resolve();
    });
    await queue.enqueue({ answerId: toAnswerId(12) });
    await handled.reached;
    expect(attempts).toEqual([1, 2]);
    const [job] = await waitFor('the retried job to complete', async () => {
      const rows = await jobRows(schema);
      return rows[0]?.state === 'completed' ? rows : undefined;
    });
    expect(job?.retry_count).toBe(1);
  });

  it('a job that keeps failing ends failed once its retries are used up', async () => {
    const { queue, schema } = await startQueue({ retryLimit: 1, retryDelaySec: 1, expireInSec: 30 });
    const handled = calls(2);
    await queue.work(({ answerId }) => {
      handled.record(answerId);
      return Promise.reject(new Error('always fails'));
    });
    await queue.enqueue({ answerId: toAnswerId(13) });
    await handled.reached;
    const [job] = await waitFor('the job to fail for good', async () => {
      const rows = await jobRows(schema);
      return rows[0]?.state === 'failed' ? rows : undefined;
    });
    expect(job?.retry_count).toBe(1);
    expect(handled.seen).toEqual([13, 13]);
  });
});
