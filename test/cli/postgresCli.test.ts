// storage: PostgreSQL only — the CLI against the Postgres server (migrate, DATABASE_URL errors).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childOutput } from '../helpers/childOutput.js';
import { createTempPgDatabase, type TempPgDatabase } from '../helpers/tempPgDatabase.js';

/*
 * DATABASE_URL=postgres://… puts everything in Postgres: the real CLI, as a child process, migrates a fresh database
 * and stores a piped rehearsal there; the rows are read back with pg, and no SQLite file appears.
 */
const bin = path.resolve(import.meta.dirname, '../../bin/interview-coach.js');
let dir: string;
let server: TempPgDatabase;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-cli-pg-'));
  server = await createTempPgDatabase();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await server.drop();
});

function cli(args: string[], stdin = '') {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: server.url,
    DATABASE_PATH: path.join(dir, 'unused.db'),
    NO_COLOR: '1',
    LOG_LEVEL: 'silent',
  };
  return childOutput(spawn(process.execPath, [bin, ...args], { env, cwd: dir }), stdin);
}

describe('the CLI on Postgres (DATABASE_URL)', () => {
  it('migrate creates the schema in Postgres and names the database', async () => {
    const run = await cli(['migrate']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Database ${server.url} is up to date (24 tables).`);
    const tables = await server.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['answers', 'evaluations', 'progress_days', 'sessions', 'users']));
  });

  it('a piped rehearse stores its session, answers, scores and rollups in Postgres', async () => {
    const run = await cli(['rehearse', '--role', 'backend', '--count', '2', '--user', 'ana'], 'Um, I would put a cache in front of the database.\nI would retry the writes idempotently.\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Summary — 2 answers, average');

    const sessions = await server.query<{ status: string; question_count: number }>("SELECT status, question_count FROM sessions WHERE kind = 'rehearse'");
    expect(sessions).toEqual([{ status: 'ended', question_count: 2 }]);
    const answers = await server.query<{ status: string; transcript: string; created_at: Date }>(
      "SELECT a.status, a.transcript, a.created_at FROM answers a JOIN users u ON u.id = a.user_id WHERE u.platform = 'cli' AND u.platform_user_id = 'ana' ORDER BY a.id",
    );
    expect(answers.map((a) => [a.status, a.transcript])).toEqual([
      ['scored', 'Um, I would put a cache in front of the database.'],
      ['scored', 'I would retry the writes idempotently.'],
    ]);
    expect(answers.every((a) => a.created_at instanceof Date && Math.abs(a.created_at.getTime() - Date.now()) < 600_000)).toBe(true);
    const [days] = await server.query<{ answers: number; scored: number; fillers: string }>(
      "SELECT d.answers, d.scored, (SELECT string_agg(word || '=' || count, ',') FROM progress_filler_days) AS fillers FROM progress_days d",
    );
    expect(days).toEqual({ answers: 2, scored: 2, fillers: 'um=1' });
    expect(readdirSync(dir)).toEqual([]);

    const progress = await cli(['progress', '--user', 'cli:ana']);
    expect(progress.code).toBe(0);
    expect(progress.stdout).toContain('1 session · 2 answers');
  });
});
