// The work queue's own cost, next to what a job costs: enqueue → handler latency on an idle worker, and jobs per
// second through one worker process. pg-boss on the Postgres at TEST_DATABASE_URL
// (default: the local test server), in a schema made for the run and dropped after; the in-process queue is the baseline.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { InProcessQueue } from '../src/queue/InProcessQueue.js';
import type { JobQueue } from '../src/queue/JobQueue.js';
import { PgBossQueue } from '../src/queue/PgBossQueue.js';

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const policy = { retryLimit: 2, retryDelaySec: 1, expireInSec: 60 };

/** Milliseconds from each enqueue to its handler starting, one job at a time. */
async function latencies(queue: JobQueue, count: number, firstId: number): Promise<number[]> {
  let started: ((at: number) => void) | undefined;
  await queue.work(() => {
    started?.(performance.now());
    return Promise.resolve();
  });
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const begun = new Promise<number>((resolve) => (started = resolve));
    const t0 = performance.now();
    void queue.enqueue({ answerId: firstId + i });
    out.push((await begun) - t0);
  }
  return out;
}

/**
 * Busy workers: `count` jobs queued first, each holding its worker for `holdMs` (longer than the polling interval,
 * as a real answer does, so a worker fetches again at once). What the queue adds per job is the time beyond
 * `count / concurrency × holdMs`, spread over the rounds.
 */
async function overheadPerJob(queue: PgBossQueue, count: number, concurrency: number, holdMs: number, firstId: number): Promise<{ enqueuePerSec: number; overheadMs: number }> {
  const e0 = performance.now();
  for (let i = 0; i < count; i++) await queue.enqueue({ answerId: firstId + i });
  const enqueuePerSec = count / ((performance.now() - e0) / 1000);
  let done = 0;
  let finished!: () => void;
  const all = new Promise<void>((resolve) => (finished = resolve));
  const t0 = performance.now();
  await queue.work(async () => {
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    if (++done === count) finished();
  });
  await all;
  const rounds = count / concurrency;
  return { enqueuePerSec, overheadMs: (performance.now() - t0 - rounds * holdMs) / rounds };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export async function run(): Promise<string> {
  const schema = `bench_queue_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  try {
    const inProcess = new InProcessQueue(policy);
    const local = await latencies(inProcess, 50, 1);
    await inProcess.stop();

    const boss = await PgBossQueue.start({ connectionString: URL, schema, policy, pollingIntervalSec: 1, monitorIntervalSec: 30 });
    const notified = await latencies(boss, 30, 1);
    await boss.stop(0);

    const busy = await PgBossQueue.start({ connectionString: URL, schema, policy, pollingIntervalSec: 0.5, monitorIntervalSec: 30, concurrency: 4 });
    const { enqueuePerSec, overheadMs } = await overheadPerJob(busy, 40, 4, 700, 10_000);
    await busy.stop(0);

    return [
      '## Work queue (pg-boss on Postgres vs in process)',
      '',
      'The queue\'s own cost per answer, next to seconds of transcription and scoring.',
      '',
      '| measure | in process | pg-boss |',
      '|---|---|---|',
      `| enqueue → handler starts, idle worker, median (${local.length} / ${notified.length} jobs) | ${median(local).toFixed(2)} ms | ${median(notified).toFixed(1)} ms (LISTEN/NOTIFY wake-up) |`,
      `| enqueues per second, one after another (\`send\`) | — | ${enqueuePerSec.toFixed(0)} |`,
      `| added per job by fetch + complete, busy worker (4 at a time, 40 jobs of 700 ms) | — | ${overheadMs.toFixed(0)} ms |`,
      '',
      'A worker whose job ended sooner than its polling interval (`interview-coach worker`: 1 s) waits out the rest before it fetches again, so',
      'instant jobs would be capped at concurrency ÷ interval per second; answers take seconds, so a worker fetches again',
      'at once.',
    ].join('\n');
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}
