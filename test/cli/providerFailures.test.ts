// storage: SQLite and PostgreSQL
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { childOutput } from '../helpers/childOutput.js';
import { FakeGemini } from '../fakes/gemini/FakeGemini.js';
import { errorReply, FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { geminiError } from '../fakes/gemini/FakeGemini.js';
import { createTempDatabaseLocation, type TempDatabaseLocation } from '../helpers/tempDb.js';

const bin = path.resolve(import.meta.dirname, '../../bin/interview-coach.js');
let location: TempDatabaseLocation;
let gemini: FakeGemini;
let openai: FakeOpenAI;

/** Secrets without a recognisable shape too: only masking by value can catch those. */
const SECRETS = {
  GEMINI_API_KEY: 'AIzaSyFakeGeminiKey0123456789abcdef',
  OPENAI_API_KEY: 'sk-proj-fakeOpenAIKey0123456789',
  WHISPER_API_KEY: 'whisper-key-no-shape-0123456789',
  DISCORD_TOKEN: 'MTA5ODc2NTQzMjEwOTg3NjU0MzIx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789',
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-fakeslackbottoken',
  SLACK_APP_TOKEN: 'xapp-1-A111-2222-fakeslackapptoken',
  SLACK_SIGNING_SECRET: 'signing-secret-no-shape-0123456789',
};

beforeAll(async () => {
  location = await createTempDatabaseLocation('cli.db');
  gemini = await FakeGemini.start();
  openai = await FakeOpenAI.start();
});
afterAll(async () => {
  await gemini.close();
  await openai.close();
  await location.cleanup();
});
beforeEach(() => {
  gemini.server.reset();
  gemini.unknownModels.clear();
  gemini.requiredKey = undefined;
  gemini.echoCredentials = false;
  openai.server.reset();
  openai.requiredKey = undefined;
  openai.echoCredentials = false;
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [bin, ...args], {
    // No retries: a failing fake should fail at once, not after backoff.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...location.env, NO_COLOR: '1', LOG_LEVEL: 'silent', PROVIDER_MAX_RETRIES: '0', ...env },
    cwd: location.dir,
  });
  return childOutput(child);
}

describe('doctor against failing providers (child process)', () => {
  it('exits non-zero and names GEMINI_MODEL when the fake Gemini answers 404 for the configured model', async () => {
    gemini.unknownModels.add('gemini-2.5-flash');
    const run = await cli(['doctor'], { GEMINI_API_KEY: SECRETS.GEMINI_API_KEY, GEMINI_BASE_URL: gemini.url, GEMINI_MODEL: 'gemini-2.5-flash' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAILED  GEMINI_MODEL gemini-2.5-flash does not exist (404) — questions come from the offline bank; scoring falls back to the offline rubric');
    expect(run.stdout).toMatch(/the server said: models\/gemini-2\.5-flash is not found for API version v1beta/);
    expect(run.stdout).toMatch(/evaluator .*\n.*answered by rubric — gemini failed and the offline rubric stood in/);
    expect(run.stdout).toMatch(/questions .*\n.*ok \(\d+ ms, 1 question from bank\)/);
    expect(run.stderr).toMatch(/1 configured provider check failed: GEMINI_MODEL/);
    expect(gemini.modelLookups.map((r) => r.path)).toContain('/v1beta/models/gemini-2.5-flash');
  }, 120_000);

  it('exits non-zero and names OPENAI_API_KEY when the OpenAI-compatible server answers 401 (--json)', async () => {
    openai.requiredKey = 'sk-the-key-the-server-wants';
    const run = await cli(['doctor', '--json'], { OPENAI_API_KEY: SECRETS.OPENAI_API_KEY, OPENAI_BASE_URL: openai.url });
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { selfCheck: { status: string; variable: string | null; httpStatus: number; roles: string[] }[] };
    expect(out.selfCheck).toEqual([expect.objectContaining({ status: 'failed', variable: 'OPENAI_API_KEY', httpStatus: 401 })]);
    expect(out.selfCheck[0]?.roles.sort()).toEqual(['evaluator', 'questions', 'speaker', 'transcriber']);
    expect(run.stderr).toMatch(/^FAILED OPENAI_API_KEY was rejected \(401\) — /);
  }, 120_000);
});

describe('no configured secret in any CLI output, with fakes that echo the credentials in their errors', () => {
  const env = (extra: Record<string, string>) => ({
    ...SECRETS,
    GEMINI_BASE_URL: gemini.url,
    OPENAI_BASE_URL: openai.url,
    WHISPER_BASE_URL: openai.url,
    ...extra,
  });

  it('doctor (DEBUG=1, LOG_LEVEL=trace) and evaluate: the echoed keys are masked', async () => {
    gemini.echoCredentials = true;
    openai.echoCredentials = true;
    gemini.requiredKey = 'AIza-some-other-key-000000';
    openai.requiredKey = 'sk-some-other-key-000000';
    gemini.setDefault(geminiError(500));
    openai.setDefault('chat', errorReply(500));

    const runs = [
      await cli(['doctor'], env({ DEBUG: '1', LOG_LEVEL: 'trace', SPEAKER_PROVIDER: 'openai' })),
      await cli(['evaluate', '--question', 'How do indexes work?', '--answer', 'A B-tree.', '--json'], env({ EVALUATOR_PROVIDER: 'openai' })),
    ];
    const output = runs.map((r) => r.stdout + r.stderr).join('\n');
    // The echoes reached the CLI (masked), so a failure to mask would show here.
    expect(output).toMatch(/\(request had x-goog-api-key: \[redacted\]/);
    expect(output).toMatch(/\(request had authorization: Bearer \[redacted\]/);
    for (const [name, value] of Object.entries(SECRETS)) {
      expect(output, `${name} leaked`).not.toContain(value);
    }
    expect(gemini.modelLookups[0]?.headers['x-goog-api-key']).toBe(SECRETS.GEMINI_API_KEY);
    expect(JSON.parse(runs[1]?.stdout ?? '{}')).toMatchObject({ evaluator: 'rubric' });
  }, 240_000);
});
