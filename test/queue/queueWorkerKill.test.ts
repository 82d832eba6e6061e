import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TSX_LOADER } from '../reliability/childCli.js';
import { PgBossQueue } from '../../src/queue/PgBossQueue.js';
import { followLines, type ChildLines } from './childLines.js';
import { createPgScratch, TEST_DATABASE_URL, type PgScratch } from './pgScratch.js';

const CHILD = path.join(import.meta.dirname, 'queueWorkerChild.ts');
let scratch: PgScratch;
const children: ChildProcess[] = [];

beforeAll(async () => {
  scratch = await createPgScratch('qkill');
  await scratch.client.query(`CREATE TABLE ${scratch.schema}.applied (answer_id integer PRIMARY KEY, attempt integer NOT NULL, pid integer NOT NULL)`);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await scratch.drop();
});

function startWorker(hold: boolean): { child: ChildProcess; out: ChildLines } {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, CHILD], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: TEST_DATABASE_URL,
      BOSS_SCHEMA: scratch.bossSchema,
      RESULT_TABLE: `${scratch.schema}.applied`,
      HOLD: hold ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return { child, out: followLines(child) };
}

describe('a worker killed while it holds a job (pg-boss on the real Postgres)', () => {
  it('another worker takes the job after its visibility timeout and applies it once', async () => {
    const first = startWorker(true);
    await first.out.waitForLine(/^ready$/);
    // Enqueued from this process, as the bot would; the child workers take it.
    const producer = await PgBossQueue.start({
      connectionString: TEST_DATABASE_URL,
      schema: scratch.bossSchema,
      policy: { retryLimit: 2, retryDelaySec: 1, expireInSec: 2 },
    });
    try {
      await expect(producer.enqueue({ answerId: 77 })).resolves.toBe('queued');
      await first.out.waitForLine(/^took 77 attempt 1$/);
      first.child.kill('SIGKILL');
      expect(await first.out.exited).toEqual({ code: null, signal: 'SIGKILL' });

      const second = startWorker(false);
      // Its monitor fails the dead worker's expired job into retry; its poll takes it again.
      await second.out.waitForLine(/^done 77$/);
      expect(second.out.lines).toContain('took 77 attempt 2');

      const { rows } = await scratch.client.query<{ answer_id: number; attempt: number; pid: number }>(`SELECT * FROM ${scratch.schema}.applied`);
      expect(rows).toEqual([{ answer_id: 77, attempt: 2, pid: second.child.pid }]);
      const { rows: jobs } = await scratch.client.query<{ state: string }>(`SELECT state::text AS state FROM ${scratch.bossSchema}.job WHERE singleton_key = '77'`);
      expect(jobs).toEqual([{ state: 'completed' }]);

      second.child.kill('SIGTERM');
      expect(await second.out.exited).toEqual({ code: 0, signal: null });
    } finally {
      await producer.stop(0);
    }
  });
});
