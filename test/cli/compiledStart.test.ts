// storage: SQLite only — checks that commands which need no data create no DATABASE_PATH file.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETUP_HELP } from '../../src/app.js';
import { FakeDiscord } from '../fakes/discord/index.js';
import { fakeDiscordEnv } from '../helpers/fakeDiscordEnv.js';
import { fromPackage, runLoggingModules, runLoggingModulesUntil } from '../helpers/loadedModules.js';

// dist/ is compiled from the current source by the test setup (test/buildDist.globalSetup.ts).
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/interview-coach.js');
const distUrl = (file: string) => pathToFileURL(path.join(root, 'dist', file)).href;
/** Packages no offline CLI command and no token-less start has any use for. */
const HEAVY = ['discord.js', '@slack/bolt', 'openai', '@google/genai', 'google-auth-library'];

let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  // A folder of its own: no .env of the repo is read, and the database (if one is opened) lands here.
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-compiled-'));
  env = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_PATH: path.join(dir, 'coach.db'), NO_COLOR: '1', LOG_LEVEL: 'silent' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the compiled app (bin and npm start run dist/ in one process)', () => {
  it('bin runs the compiled CLI: `questions --json` prints a bank question and loads no SDK, database or TypeScript', async () => {
    const run = await runLoggingModules([bin, 'questions', '--role', 'frontend', '--count', '1', '--json'], env, dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const questions = JSON.parse(run.stdout) as { role: string; origin: string }[];
    expect(questions.map((q) => [q.role, q.origin])).toEqual([['frontend', 'bank']]);
    expect(run.modules).toContain(distUrl('cli/main.js'));
    expect(run.modules.filter((url) => url.endsWith('.ts') || url.includes('/node_modules/tsx/'))).toEqual([]);
    for (const name of [...HEAVY, 'better-sqlite3']) expect(fromPackage(run.modules, name), name).toEqual([]);
    expect(run.modules.filter((url) => url.startsWith(distUrl('db/')))).toEqual([]);
    expect(existsSync(env.DATABASE_PATH as string)).toBe(false);
  });

  it('`analyze --file /dev/zero` is refused before the database or any SDK loads', async () => {
    const run = await runLoggingModules([bin, 'analyze', '--file', '/dev/zero'], env, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("Can't read /dev/zero: it is not a regular file.\n");
    for (const name of [...HEAVY, 'better-sqlite3']) expect(fromPackage(run.modules, name), name).toEqual([]);
    expect(run.modules.filter((url) => url.startsWith(distUrl('db/')))).toEqual([]);
    expect(existsSync(env.DATABASE_PATH as string)).toBe(false);
  });

  it('`migrate` opens the database with drizzle loaded as CommonJS, not through the ES module loader', async () => {
    // src/db/drizzle.ts says why: drizzle's ES module build costs seconds of start-up. Required modules bypass the log.
    const run = await runLoggingModules([bin, 'migrate'], env, dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/is up to date/);
    expect(run.modules).toContain(distUrl('db/drizzle.js'));
    expect(fromPackage(run.modules, 'drizzle-orm')).toEqual([]);
  });

  it('`npm start` with no platform token prints the setup help without loading discord.js or Bolt', async () => {
    // The start script as package.json has it, run by this Node with its paths made absolute (so the cwd is ours).
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const [command, ...args] = (pkg.scripts.start ?? '').split(' ');
    expect(command).toBe('node');
    const run = await runLoggingModules(args.map((arg) => (arg.startsWith('-') ? arg : path.resolve(root, arg))), env, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`${SETUP_HELP}\n`);
    expect(run.modules).toContain(distUrl('main.js'));
    for (const name of HEAVY) expect(fromPackage(run.modules, name), name).toEqual([]);
  });

  it('the compiled bot with a Discord token comes up without chart.js or the canvas: they load at the first chart', async () => {
    const fake = new FakeDiscord();
    await fake.start();
    try {
      const botEnv = { ...env, ...fakeDiscordEnv(fake, path.join(dir, 'bot.db')), LOG_LEVEL: 'info' };
      const run = await runLoggingModulesUntil([path.join(root, 'dist/main.js')], botEnv, dir, /"msg":"interview coach running"/);
      expect(run.stdout).toContain('"msg":"interview coach running"');
      expect(run.modules).toContain(distUrl('bot/discord/index.js'));
      for (const name of ['chart.js', '@napi-rs/canvas']) expect(fromPackage(run.modules, name), name).toEqual([]);
      expect(run.modules.filter((url) => url.startsWith(distUrl('charts/')))).toEqual([]);
    } finally {
      await fake.stop();
    }
  });
});
