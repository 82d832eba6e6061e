// storage: SQLite only — DATABASE_PATH faults: unusable paths, a newer schema in the file, a locked file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { childOutput } from '../helpers/childOutput.js';
import { openDatabase } from '../../src/db/index.js';
import { runCliChild, stderrLines, TSX_LOADER } from './childCli.js';
import { ReliabilityRecorder } from './recorder.js';

const rec = new ReliabilityRecorder('databaseStartup', 'Database paths, newer databases and parallel first starts');
const ROOT = path.resolve(import.meta.dirname, '../..');
const OPEN_CHILD = path.join(import.meta.dirname, 'openDatabaseChild.ts');
/** Migrations this build ships (drizzle-kit's journal): the schema version it knows. */
const KNOWN = (JSON.parse(readFileSync(path.join(ROOT, 'migrations/meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
/** A hang is killed after this long and shows as a signal (the bug was an endless 100 % CPU loop). */
const HANG_GUARD_MS = 60_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-dbstart-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await rec.flush();
});

/** A database as a newer build would leave it: one more migration than this build ships. */
function newerDatabase(name: string): string {
  const file = path.join(dir, name);
  openDatabase(file).sqlite.close();
  const raw = new Database(file);
  const newest = raw.prepare('select max(created_at) as t from __drizzle_migrations').get() as { t: number };
  raw.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('f'.repeat(64), Number(newest.t) + 86_400_000);
  raw.close();
  return file;
}

interface Opened {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Spawns `count` processes on the same new file and releases them together: each loads its modules, says
 * "loaded", and opens the database only when its stdin closes, so the opens overlap instead of trickling in.
 */
async function openTogether(file: string, count: number): Promise<Opened[]> {
  const started = Array.from({ length: count }, () => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, OPEN_CHILD], { env: { PATH: process.env.PATH, DATABASE_PATH: file, OPEN_GATE: '1' }, cwd: dir });
    let stdout = '';
    let stderr = '';
    const loaded = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('loaded\n')) resolve();
      });
      child.on('close', (code) => reject(new Error(`child exited ${code} before loading: ${stderr}`)));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<Opened>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    return { child, loaded, done };
  });
  await Promise.all(started.map((s) => s.loaded));
  for (const { child } of started) child.stdin.end();
  return Promise.all(started.map((s) => s.done));
}

describe('database paths and versions', () => {
  rec.case(
    { area: 'database path', input: 'DATABASE_PATH=/proc/nope/x.db (a folder that cannot be created), `migrate`', expected: 'exits non-zero at once with one line naming the path; no endless mkdir loop' },
    async (observe) => {
      const run = await runCliChild(['migrate'], { env: { DATABASE_PATH: '/proc/nope/x.db' }, cwd: dir, killAfterMs: HANG_GUARD_MS });
      observe(`exit ${run.code}${run.signal ? ` (killed: ${run.signal})` : ''} after ${(run.ms / 1000).toFixed(1)} s (mostly Node + tsx start-up); stderr "${run.stderr.trim()}"`);
      expect(run.signal).toBeNull();
      expect(run.code).toBe(2);
      expect(stderrLines(run)).toEqual(['DATABASE_PATH /proc/nope/x.db is not usable: cannot create the folder /proc/nope (ENOENT).']);
    },
    HANG_GUARD_MS + 10_000,
  );

  rec.case(
    { area: 'database path', input: 'DATABASE_PATH= (empty), `migrate`', expected: 'refused with one clear line; no throw-away temporary database' },
    async (observe) => {
      const run = await runCliChild(['migrate'], { env: { DATABASE_PATH: '' }, cwd: dir, killAfterMs: HANG_GUARD_MS });
      observe(`exit ${run.code}; stderr "${run.stderr.trim()}"`);
      expect(run.code).toBe(2);
      expect(stderrLines(run)).toHaveLength(1);
      expect(run.stderr).toContain('DATABASE_PATH is empty');
      expect(run.stdout).toBe('');
    },
    HANG_GUARD_MS + 10_000,
  );

  rec.case(
    { area: 'database path', input: 'DATABASE_PATH pointing at a folder', expected: 'refused with one line: not a regular file' },
    async (observe) => {
      let message = '';
      expect(() => openDatabase(dir)).toThrow(/is not a regular file/);
      try {
        openDatabase(dir);
      } catch (error) {
        message = error instanceof Error ? error.message : String(error);
      }
      observe(`"${message}"`);
    },
  );

  rec.case(
    { area: 'database version', input: 'a database written by a newer version (a migration this build does not know), `migrate`', expected: 'refused with one line naming both versions; the file is left as it was' },
    async (observe) => {
      const file = newerDatabase('newer-cli.db');
      const run = await runCliChild(['migrate'], { env: { DATABASE_PATH: file }, cwd: dir, killAfterMs: HANG_GUARD_MS });
      observe(`exit ${run.code}; stderr "${run.stderr.trim()}"`);
      expect(run.code).toBe(2);
      expect(stderrLines(run)).toEqual([
        `This database was written by a newer version of Interview Coach (schema version ${KNOWN + 1}; this build knows up to version ${KNOWN}). Upgrade Interview Coach, or set DATABASE_PATH to another file.`,
      ]);
      const raw = new Database(file, { readonly: true });
      expect((raw.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(KNOWN + 1);
      raw.close();
    },
    HANG_GUARD_MS + 10_000,
  );

  rec.case(
    { area: 'database version', input: 'the bot started (`src/main.ts`) on a database from a newer version', expected: 'does not start: exit non-zero with the same one line' },
    async (observe) => {
      const file = newerDatabase('newer-bot.db');
      const child = spawn(process.execPath, ['--import', TSX_LOADER, path.join(ROOT, 'src/main.ts')], {
        env: { PATH: process.env.PATH, DATABASE_PATH: file, DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: 'http://127.0.0.1:9/api', LOG_LEVEL: 'silent' },
        cwd: dir,
      });
      const run = await childOutput(child);
      observe(`exit ${run.code}; stderr "${run.stderr.trim()}"`);
      expect(run.code).not.toBe(0);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(`schema version ${KNOWN + 1}; this build knows up to version ${KNOWN}`);
    },
    HANG_GUARD_MS + 10_000,
  );
});

describe('parallel first starts', () => {
  rec.case(
    { area: 'parallel start', input: '4 new database files, 6 processes starting on each at once (24 first migrations)', expected: 'every process exits 0; each file migrated once (one row per migration)' },
    async (observe) => {
      const results: Opened[] = [];
      // One file at a time, its six processes together: the race is per file, and 24 at once would only queue on 2 cores.
      for (let round = 0; round < 4; round++) {
        const file = path.join(dir, `parallel-${round}.db`);
        results.push(...(await openTogether(file, 6)));
        const raw = new Database(file, { readonly: true });
        const applied = (raw.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
        raw.close();
        expect(applied).toBe(KNOWN);
      }
      const failed = results.filter((r) => r.code !== 0);
      observe(`${results.length - failed.length} of ${results.length} exited 0${failed[0] ? `; first failure: ${failed[0].stderr.split('\n')[0]}` : ''}`);
      expect(failed).toEqual([]);
    },
    // ~15 s on an idle 2-core machine; the guard is for a machine shared with other builds.
    300_000,
  );
});
