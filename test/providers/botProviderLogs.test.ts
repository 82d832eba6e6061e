// storage: SQLite and PostgreSQL
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.js';
import { parseConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { FakeGemini, geminiError } from '../fakes/gemini/FakeGemini.js';
import { errorReply, FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { FakeSlack } from '../fakes/slack/index.js';
import { createTempDatabaseLocation, type TempDatabaseLocation } from '../helpers/tempDb.js';
import { question } from './providerTestKit.js';

let location: TempDatabaseLocation;
let slack: FakeSlack;
let gemini: FakeGemini;
let openai: FakeOpenAI;

const GEMINI_KEY = 'gemini-key-without-shape-0123456789';
const OPENAI_KEY = 'openai-key-without-shape-0123456789';

beforeAll(async () => {
  location = await createTempDatabaseLocation('bot.db');
  slack = await FakeSlack.start();
  gemini = await FakeGemini.start();
  openai = await FakeOpenAI.start();
  // Gemini's configured model is gone; OpenAI refuses the key; both quote the request's credentials back.
  gemini.unknownModels.add('gemini-2.5-flash');
  gemini.echoCredentials = true;
  gemini.setDefault(geminiError(500));
  openai.requiredKey = 'the-key-the-server-wants-000';
  openai.echoCredentials = true;
  openai.setDefault('chat', errorReply(500));
});
afterAll(async () => {
  await slack.stop();
  await gemini.close();
  await openai.close();
  await location.cleanup();
});

function botEnv(): Record<string, string> {
  return {
    ...location.env,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: slack.signingSecret,
    SLACK_API_URL: slack.apiUrl,
    SLACK_PORT: '0',
    GEMINI_API_KEY: GEMINI_KEY,
    GEMINI_BASE_URL: gemini.url,
    GEMINI_MODEL: 'gemini-2.5-flash',
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: openai.url,
    EVALUATOR_PROVIDER: 'openai',
    SPEAKER_PROVIDER: 'espeak',
    PROVIDER_MAX_RETRIES: '0',
  };
}

function secretsOf(env: Record<string, string>): string[] {
  return [env.SLACK_BOT_TOKEN, env.SLACK_SIGNING_SECRET, env.GEMINI_API_KEY, env.OPENAI_API_KEY].filter((v): v is string => Boolean(v));
}

interface LogEntry {
  level: number;
  msg: string;
  variable?: string | null;
}

describe('the bot at start, against failing providers', () => {
  it('the real start (npm start) logs the refused key and the missing model once each, at error level, and no secret at trace level', async () => {
    const env = { ...botEnv(), LOG_LEVEL: 'trace' };
    const main = path.resolve(import.meta.dirname, '../../src/main.ts');
    const tsx = path.resolve(import.meta.dirname, '../../node_modules/tsx/dist/cli.mjs');
    const child = spawn(process.execPath, [tsx, main], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, cwd: location.dir });
    let stdout = '';
    let stderr = '';
    const errorsLogged = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('"variable":"GEMINI_MODEL"') && stdout.includes('"variable":"OPENAI_API_KEY"') && stdout.includes('interview coach running')) resolve();
      });
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await Promise.race([errorsLogged, closed]);
    child.kill('SIGTERM');
    await closed;

    const entries = stdout.trim().split('\n').map((line) => JSON.parse(line) as LogEntry);
    const errors = entries.filter((e) => e.level === 50);
    expect(errors.map((e) => e.variable).sort()).toEqual(['GEMINI_MODEL', 'OPENAI_API_KEY']);
    expect(errors.find((e) => e.variable === 'GEMINI_MODEL')?.msg).toBe(
      'GEMINI_MODEL gemini-2.5-flash does not exist (404) — questions come from the offline bank',
    );
    expect(errors.find((e) => e.variable === 'OPENAI_API_KEY')?.msg).toMatch(/^OPENAI_API_KEY was rejected \(401\) — scoring falls back to the offline rubric/);
    // The servers' own words are logged too (they echoed the credentials), masked.
    expect(stdout).toMatch(/request had x-goog-api-key: \[redacted\]/);
    expect(stdout).toMatch(/request had authorization: Bearer \[redacted\]/);
    for (const secret of secretsOf(env)) expect(stdout + stderr).not.toContain(secret);
  }, 180_000);

  it("the bot's own logs of provider failures during a round mask the echoed keys (err, cause, stack)", async () => {
    const lines: string[] = [];
    const env = { ...botEnv(), EVALUATOR_PROVIDER: 'gemini', GEMINI_MODEL: 'gemini-3.8-flash' };
    const app = await startApp(parseConfig(env), createLogger('trace', { write: (line: string) => void lines.push(line) }));
    try {
      // The evaluator fails with an error body that quotes the key; the rubric answers and the card says so.
      const evaluation = await app.services.evaluator.evaluate({ question, answer: 'Redis with a TTL.' });
      expect(evaluation).toMatchObject({ evaluator: 'rubric', fallbackFrom: 'gemini' });
    } finally {
      await app.stop();
    }
    const logged = lines.join('\n');
    expect(logged).toMatch(/provider failed; offline fallback answered/);
    expect(logged).toMatch(/request had x-goog-api-key: \[redacted\]/);
    for (const secret of secretsOf(env)) expect(logged).not.toContain(secret);
  }, 60_000);
});
