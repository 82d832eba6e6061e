// storage: SQLite only — checks that `worker` refuses a SQLite DATABASE_PATH.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliChild } from '../reliability/childCli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('interview-coach worker', () => {
  it('refuses to run on SQLite, saying that workers need Postgres', async () => {
    const run = await runCliChild(['worker'], { cwd: dir, env: { DATABASE_PATH: path.join(dir, 'coach.db') }, killAfterMs: 25_000 });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Workers need Postgres: set DATABASE_URL=postgres://');
    expect(run.stdout).toBe('');
  });

  it('is listed in the help', async () => {
    const run = await runCliChild(['help'], { cwd: dir, killAfterMs: 25_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}worker {3}transcribe and score answers from the Postgres work queue/m);
  });
});
