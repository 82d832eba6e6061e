// storage: SQLite only — checks that `worker` refuses a SQLite DATABASE_PATH.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliChild } from '../reliability/childCli.js';
import { ConfigError, parseConfig } from '../../src/config/index.js';

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

describe('ANSWER_QUEUE', () => {
  it('defaults to in-process, the bot working one job itself, and 10 MiB of queued audio', () => {
    expect(parseConfig({})).toMatchObject({ ANSWER_QUEUE: 'in-process', BOT_QUEUE_CONCURRENCY: 1, QUEUE_AUDIO_MAX_BYTES: 10 * 1024 * 1024 });
    expect(parseConfig({ ANSWER_QUEUE: 'pg-boss', DATABASE_URL: 'postgres://db/coach', BOT_QUEUE_CONCURRENCY: '0' })).toMatchObject({ ANSWER_QUEUE: 'pg-boss', BOT_QUEUE_CONCURRENCY: 0 });
  });

  it('pg-boss without Postgres is refused at start, saying what to set', () => {
    expect(() => parseConfig({ ANSWER_QUEUE: 'pg-boss' })).toThrow(ConfigError);
    expect(() => parseConfig({ ANSWER_QUEUE: 'pg-boss' })).toThrow(/ANSWER_QUEUE: pg-boss keeps its jobs in Postgres, so it needs DATABASE_URL=postgres:\/\//);
    expect(() => parseConfig({ ANSWER_QUEUE: 'redis' })).toThrow(/ANSWER_QUEUE/);
  });
});
