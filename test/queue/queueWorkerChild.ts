/**
 * A worker process on the pg-boss queue whose job handler the test controls (test/queue/workerKill.test.ts): it
 * prints `took <answerId> attempt <n>` when it takes a job; with HOLD=1 it then holds the job forever (the test
 * kills it), else it records the job in the test's table — once per answer id — and prints `done <answerId>`.
 */
import pg from 'pg';
import { PgBossQueue } from '../../src/queue/PgBossQueue.js';

const url = process.env.DATABASE_URL ?? '';
const table = process.env.RESULT_TABLE ?? '';
const hold = process.env.HOLD === '1';
const client = new pg.Client({ connectionString: url });
await client.connect();
const queue = await PgBossQueue.start({
  connectionString: url,
  schema: process.env.BOSS_SCHEMA,
  policy: { retryLimit: 2, retryDelaySec: 1, expireInSec: 2 },
  pollingIntervalSec: 0.5,
  monitorIntervalSec: 1,
});
await queue.work(async ({ answerId }, { attempt }) => {
  process.stdout.write(`took ${answerId} attempt ${attempt}\n`);
  if (hold) await new Promise<never>(() => undefined);
  await client.query(`INSERT INTO ${table} (answer_id, attempt, pid) VALUES ($1, $2, $3) ON CONFLICT (answer_id) DO NOTHING`, [answerId, attempt, process.pid]);
  process.stdout.write(`done ${answerId}\n`);
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void queue
    .stop(5000)
    .then(() => client.end())
    .then(() => process.exit(0));
});
