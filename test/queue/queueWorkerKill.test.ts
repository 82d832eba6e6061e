// storage: PostgreSQL only — queue workers, which need Postgres.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TSX_LOADER } from '../reliability/childCli.js';
import { PgBossQueue } from '../../src/queue/PgBossQueue.js';
import { followLines, type ChildLines } from './childLines.js';
import { createPgScratch, TEST_DATABASE_URL, waitFor, type PgScratch } from './pgScratch.js';
import { answerId as toAnswerId } from '../helpers/ids.js';

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

type Hold = 'forever' | 'until-term' | 'until-released' | 'no';

function startWorker(hold: Hold, expireSeconds = 2): { child: ChildProcess; out: ChildLines } {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, CHILD], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: TEST_DATABASE_URL,
      BOSS_SCHEMA: scratch.bossSchema,
      RESULT_TABLE: `${scratch.schema}.applied`,
      HOLD: hold,
      EXPIRE_SECONDS: String(expireSeconds),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return { child, out: followLines(child) };
}

async function applied(answerId: number): Promise<{ answer_id: number; attempt: number; pid: number }[]> {
  const { rows } = await scratch.client.query<{ answer_id: number; attempt: number; pid: number }>(`SELECT * FROM ${scratch.schema}.applied WHERE answer_id = $1`, [answerId]);
  return rows;
}

async function jobStates(answerId: number): Promise<string[]> {
  const { rows } = await scratch.client.query<{ state: string }>(`SELECT state::text AS state FROM ${scratch.bossSchema}.job WHERE singleton_key = $1`, [String(answerId)]);
  return rows.map((r) => r.state);
}

// Child processes that each start pg-boss: slow on a loaded 2-core machine.
describe('a worker killed while it holds a job (pg-boss on the real Postgres)', { timeout: 60_000 }, () => {
  it('another worker takes the job after its visibility timeout and applies it once', async () => {
    const first = startWorker('forever');
    await first.out.waitForLine(/^ready$/);
    // Enqueued from this process, as the bot would; the child workers take it.
    const producer = await PgBossQueue.start({
      connectionString: TEST_DATABASE_URL,
      schema: scratch.bossSchema,
      policy: { retryLimit: 2, retryDelaySec: 1, expireInSec: 2 },
    });
    try {
      await expect(producer.enqueue({ answerId: toAnswerId(77) })).resolves.toBe('queued');
      await first.out.waitForLine(/^took 77 attempt 1$/);
      first.child.kill('SIGKILL');
      expect(await first.out.exited).toEqual({ code: null, signal: 'SIGKILL' });

      const second = startWorker('no');
      // Its monitor fails the dead worker's expired job into retry; its poll takes it again.
      await second.out.waitForLine(/^done 77$/);
      expect(second.out.lines).toContain('took 77 attempt 2');

      expect(await applied(77)).toEqual([{ answer_id: 77, attempt: 2, pid: second.child.pid }]);
      // `done` is printed inside the handler; pg-boss marks the job completed just after it returns.
      const settled = await waitFor('job 77 to leave active', async () => {
        const states = await jobStates(77);
        return states.includes('active') ? undefined : states;
      });
      expect(settled).toEqual(['completed']);

      second.child.kill('SIGTERM');
      expect(await second.out.exited).toEqual({ code: 0, signal: null });
    } finally {
      await producer.stop(0);
    }
  });

  it('SIGTERM lets the job in hand finish within the grace, then the worker exits 0', async () => {
    const worker = startWorker('until-term', 60);
    await worker.out.waitForLine(/^ready$/);
    const producer = await PgBossQueue.start({ connectionString: TEST_DATABASE_URL, schema: scratch.bossSchema, policy: { retryLimit: 2, retryDelaySec: 1, expireInSec: 60 } });
    try {
      await producer.enqueue({ answerId: toAnswerId(81) });
      await worker.out.waitForLine(/^took 81 attempt 1$/);
      worker.child.kill('SIGTERM');
      expect(await worker.out.exited).toEqual({ code: 0, signal: null });
      expect(worker.out.lines).toContain('done 81');
      expect(await applied(81)).toEqual([{ answer_id: 81, attempt: 1, pid: worker.child.pid }]);
      expect(await jobStates(81)).toEqual(['completed']);
    } finally {
      await producer.stop(0);
    }
  });

  it('SIGTERM releases a job still running after the grace: another worker takes it at once, not after its timeout', async () => {
    // A visibility timeout of a minute: only the release can hand the job on within this test's time.
    const first = startWorker('until-released', 60);
    await first.out.waitForLine(/^ready$/);
    const producer = await PgBossQueue.start({ connectionString: TEST_DATABASE_URL, schema: scratch.bossSchema, policy: { retryLimit: 2, retryDelaySec: 1, expireInSec: 60 } });
    try {
      await producer.enqueue({ answerId: toAnswerId(82) });
      await first.out.waitForLine(/^took 82 attempt 1$/);
      first.child.kill('SIGTERM');
      expect(await first.out.exited).toEqual({ code: 0, signal: null });
      expect(first.out.lines).toContain('released 82');
      expect(await jobStates(82)).toEqual(['retry']);

      const second = startWorker('no', 60);
      await second.out.waitForLine(/^done 82$/);
      expect(second.out.lines).toContain('took 82 attempt 2');
      expect(await applied(82)).toEqual([{ answer_id: 82, attempt: 2, pid: second.child.pid }]);
      second.child.kill('SIGTERM');
      await second.out.exited;
    } finally {
      await producer.stop(0);
    }
  });
});
