/**
 * A worker process on the pg-boss queue whose job handler the test controls (test/queue/queueWorkerKill.test.ts).
 * It prints `took <answerId> attempt <n>` when it takes a job. HOLD says what it does then:
 * - `forever`: holds the job until the process is killed;
 * - `until-term`: holds it until SIGTERM, then finishes it within the shutdown grace;
 * - `until-released`: holds it past the grace, until the queue releases it (the job's signal aborts);
 * - anything else: finishes at once.
 * Finishing records the job in the test's table, once per answer id, and prints `done <answerId>`.
 */
import pg from 'pg';
import { PgBossQueue } from '../../src/queue/PgBossQueue.js';

const url = process.env.DATABASE_URL ?? '';
const table = process.env.RESULT_TABLE ?? '';
const hold = process.env.HOLD ?? '';
const client = new pg.Client({ connectionString: url });
await client.connect();
const queue = await PgBossQueue.start({
  connectionString: url,
  schema: process.env.BOSS_SCHEMA,
  policy: { retryLimit: 2, retryDelaySec: 1, expireInSec: Number(process.env.EXPIRE_SECONDS ?? 2) },
  pollingIntervalSec: 0.5,
  monitorIntervalSec: 1,
});
let terminated!: () => void;
const term = new Promise<void>((resolve) => (terminated = resolve));
await queue.work(async ({ answerId }, { attempt, signal }) => {
  process.stdout.write(`took ${answerId} attempt ${attempt}\n`);
  if (hold === 'forever') await new Promise<never>(() => undefined);
  if (hold === 'until-term') await term;
  if (hold === 'until-released') {
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    process.stdout.write(`released ${answerId}\n`);
    throw new Error('released');
  }
  await client.query(`INSERT INTO ${table} (answer_id, attempt, pid) VALUES ($1, $2, $3) ON CONFLICT (answer_id) DO NOTHING`, [answerId, attempt, process.pid]);
  process.stdout.write(`done ${answerId}\n`);
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  process.stdout.write('stopping\n');
  const stopped = queue.stop(1000);
  terminated();
  void stopped.then(() => client.end()).then(() => process.exit(0));
});
