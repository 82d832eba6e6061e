// storage: SQLite only — DATABASE_PATH handling and the SQLite file the CLI creates; test/cli/postgresCli.test.ts is its Postgres twin.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childOutput } from '../helpers/childOutput.js';
import { encodeFixture, synthesizeAnswer } from '../helpers/audioFixtures.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { CONFLICT_STORY } from '../helpers/stories.js';

const bin = path.resolve(import.meta.dirname, '../../bin/interview-coach.js');
let dir: string;
let dbFile: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-cli-'));
  dbFile = path.join(dir, 'cli.db');
});
afterAll(async () => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a child process with no API keys (unless `extraEnv` adds some), against a temp database. */
function cli(args: string[], stdin = '', extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_PATH: dbFile, NO_COLOR: '1', LOG_LEVEL: 'silent', ...extraEnv };
  const child = spawn(process.execPath, [bin, ...args], { env, cwd: dir });
  return childOutput(child, stdin);
}

describe('interview-coach CLI (child process, no keys)', () => {
  it('rehearse runs a whole piped interview, prints feedback and a summary, and stores it', async () => {
    const run = await cli(['rehearse', '--role', 'frontend', '--count', '3', '--user', 'ana'], 'answer one\nUm, answer two, like, with a cache\nanswer three\n');
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^Question \d\/3 — [\d.]+\/10/gm)).toHaveLength(3);
    expect(run.stdout).toContain('Summary — 3 answers, average');
    expect(run.stdout).toMatch(/fillers 2 \((like ×1, um ×1|um ×1, like ×1)\)/);
    const db = new Database(dbFile, { readonly: true });
    const sessions = db.prepare("select status, question_count from sessions where kind = 'rehearse'").all();
    const answers = db.prepare("select a.status, a.transcript from answers a join users u on u.id = a.user_id where u.platform = 'cli' and u.platform_user_id = 'ana' order by a.id").all() as { status: string; transcript: string }[];
    await db.close();
    expect(sessions).toEqual([{ status: 'ended', question_count: 3 }]);
    expect(answers.map((a) => a.status)).toEqual(['scored', 'scored', 'scored']);
    expect(answers[1]?.transcript).toBe('Um, answer two, like, with a cache');
  });

  it('rehearse --json prints one JSON document with every answer', async () => {
    const run = await cli(['rehearse', '--role', 'behavioral', '--count', '2', '--json', '--user', 'bo'], 'At my last job our team missed a deadline.\nI listened and we shipped.\n');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { answers: { score: number; evaluator: string }[]; averageScore: number };
    expect(out.answers).toHaveLength(2);
    expect(out.answers.every((a) => a.evaluator === 'rubric')).toBe(true);
  });

  it('rehearse stops cleanly when input ends early', async () => {
    const run = await cli(['rehearse', '--role', 'backend', '--count', '3', '--user', 'cy'], 'only one answer\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Input ended. Summary — 1 answer');
  });

  it('analyze --json has exactly the documented shape', async () => {
    const run = await cli(['analyze', '--text', 'Um, I think the, like, cache was slow, you know.', '--duration', '6', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['transcript', 'durationSec', 'fillers', 'hedges', 'discourseMarkers', 'pace', 'pauses']);
    expect(out).toMatchObject({
      durationSec: 6,
      fillers: { total: 3, perMinute: 30, byWord: { um: 1, like: 1, 'you know': 1 } },
      hedges: { total: 1, byPhrase: { 'I think': 1 } },
      discourseMarkers: { total: 0, byWord: {} },
      pace: { wpm: 100 },
      pauses: { count: 0, longestSec: 0, totalSec: 0 },
    });
  });

  it('analyze --json reports sentence-initial discourse markers apart from fillers', async () => {
    const run = await cli(['analyze', '--text', 'So we like deployed it. Well, it was like really hard.', '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({
      fillers: { total: 2, byWord: { like: 2 } },
      discourseMarkers: { total: 2, byWord: { so: 1, well: 1 } },
    });
  });

  it('analyze --file reads a transcript file', async () => {
    const file = path.join(dir, 't.txt');
    writeFileSync(file, 'Uh, basically we retried.');
    const run = await cli(['analyze', '--file', file, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ durationSec: null, fillers: { total: 2, perMinute: null } });
  });

  it('analyze --audio without a transcriber gives audio metrics and says the transcript is missing', async () => {
    const fixture = await synthesizeAnswer();
    const file = path.join(dir, 'answer.ogg');
    writeFileSync(file, await encodeFixture(fixture.pcm, 'ogg'));
    const run = await cli(['analyze', '--audio', file, '--json'], '', { TRANSCRIBER_PROVIDER: 'none' });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { audio: Record<string, unknown>; note: string };
    expect(Object.keys(out.audio)).toEqual(['durationSec', 'speechSec', 'pauses', 'pitchVariabilitySemitones', 'loudnessVariabilityDb', 'deliveryScore']);
    expect(out.audio.durationSec).toBeCloseTo(fixture.durationSec, 0);
    expect((out.audio.pauses as { count: number }).count).toBe(2);
    expect(out.note).toMatch(/transcript is missing/);
  });

  it('evaluate --json returns the documented fields from the offline rubric', async () => {
    const run = await cli(['evaluate', '--question', 'How does a database index speed up queries?', '--answer', 'A B-tree index lets the database find rows without a full table scan.', '--role', 'backend', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['score', 'criteria', 'feedback', 'keywordsCovered', 'keywordsMissed', 'idealAnswer', 'evaluator']);
    expect(out.evaluator).toBe('rubric');
    expect(Object.keys(out.criteria as object)).toEqual(['relevance', 'depth', 'structure', 'clarity']);
  });

  it('questions --json lists questions of the role', async () => {
    const run = await cli(['questions', '--role', 'data-ml', '--count', '4', '--difficulty', 'senior', '--json']);
    const list = JSON.parse(run.stdout) as { role: string; difficulty: string }[];
    expect(list).toHaveLength(4);
    expect(list.every((q) => q.role === 'data-ml' && q.difficulty === 'senior')).toBe(true);
  });

  it.each([
    [['rehearse', '--role', 'astronaut'], /Unknown role "astronaut"/],
    [['evaluate', '--question', 'Q?', '--answer', '   '], /answer is empty/],
    [['analyze', '--text', 'x', '--bogus'], /Unknown option '--bogus'/],
    // With no key the local model is the transcriber (see test/cli/modelsCli.test.ts for TRANSCRIBER_PROVIDER=none).
    [['transcribe', 'nothing.ogg'], /Can't read nothing\.ogg/],
    [['frobnicate'], /Unknown command "frobnicate"/],
  ])('%j fails with one clear line and a non-zero exit', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('npm start with no platform configured explains what to set and exits non-zero', async () => {
    const main = path.resolve(import.meta.dirname, '../../src/main.ts');
    const tsx = path.resolve(import.meta.dirname, '../../node_modules/tsx/dist/cli.mjs');
    const run = await new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [tsx, main], { env: { PATH: process.env.PATH, DATABASE_PATH: dbFile }, cwd: dir });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout: '', stderr }));
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/set DISCORD_TOKEN .* SLACK_BOT_TOKEN/);
  });

  it('doctor with no keys reports the offline default of every interface, and that each answers', async () => {
    const run = await cli(['doctor', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { providers: { role: string; provider: string; offline: boolean }[]; checks: Record<string, string> };
    expect(out.providers.map((p) => [p.role, p.provider, p.offline])).toEqual([
      ['questions', 'bank', true],
      ['evaluator', 'rubric', true],
      ['transcriber', 'whisper.cpp', true],
      ['speaker', 'espeak-ng', true],
    ]);
    expect(out.checks.questions).toMatch(/^ok/);
    expect(out.checks.evaluator).toMatch(/^ok .*answered by rubric/);
    expect(out.checks.speaker).toMatch(/^ok/);
  });

  it('transcribe --json sends the decoded audio to the configured Whisper server and prints the documented shape', async () => {
    const openai = await FakeOpenAI.start();
    try {
      const fixture = await synthesizeAnswer();
      const file = path.join(dir, 'to-transcribe.ogg');
      writeFileSync(file, await encodeFixture(fixture.pcm, 'ogg'));
      const run = await cli(['transcribe', file, '--json'], '', { WHISPER_BASE_URL: openai.url, WHISPER_API_KEY: 'test-key' });
      expect(run.code).toBe(0);
      const out = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(Object.keys(out)).toEqual(['text', 'language', 'durationSec', 'words', 'transcriber']);
      expect(out.text).toBe('Um, I would add a cache.');
      expect((out.words as unknown[]).length).toBe(6);
      expect(String(out.transcriber)).toMatch(/whisper-1/);
      expect(openai.callsTo('transcriptions')).toHaveLength(1);
    } finally {
      await openai.close();
    }
  });

  it('progress --json and --out give the report and a PNG for a stored user', async () => {
    // Its own history, so the test passes alone and in any order.
    const rehearsed = await cli(['rehearse', '--role', 'frontend', '--count', '3', '--user', 'pia'], 'answer one\nanswer two with a cache\nanswer three\n');
    expect(rehearsed.code).toBe(0);
    const png = path.join(dir, 'chart.png');
    const run = await cli(['progress', '--user', 'cli:pia', '--json', '--out', png]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { totals: { sessions: number; answers: number } };
    expect(report.totals).toMatchObject({ sessions: 1, answers: 3 });
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(1200);
    expect(bytes.readUInt32BE(20)).toBe(800);
    const unknown = await cli(['progress', '--user', 'cli:nobody']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No practice stored/);
  }, 120_000); // three CLI runs

  it('progress shows a behavioural story\'s coverage as text and in --json', async () => {
    const rehearsed = await cli(['rehearse', '--role', 'behavioral', '--count', '1', '--user', 'rue'], `${CONFLICT_STORY}\n`);
    expect(rehearsed.code).toBe(0);
    const json = await cli(['progress', '--user', 'cli:rue', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { stories: { competencies: { competency: string; status: string; stories: number }[] } };
    expect(report.stories.competencies.find((c) => c.competency === 'conflict')).toMatchObject({ stories: 1, status: 'covered' });
    expect(report.stories.competencies.filter((c) => c.status === 'uncovered').length).toBeGreaterThan(0);
    const text = await cli(['progress', '--user', 'cli:rue']);
    expect(text.stdout).toContain('Story coverage (behavioural)');
    expect(text.stdout).toMatch(/Conflict \d+\.\d \(1\)/);
    expect(text.stdout).toContain('No story yet:');
  }, 120_000); // three CLI runs

  it('agreement on a database without ratings says so, as text and as JSON with n = 0', async () => {
    const emptyDb = path.join(dir, 'agreement.db');
    const text = await cli(['agreement'], '', { DATABASE_PATH: emptyDb });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No peer ratings stored yet');
    const json = await cli(['agreement', '--json'], '', { DATABASE_PATH: emptyDb });
    expect(JSON.parse(json.stdout)).toEqual({ answers: 0, ratings: 0, pearson: null, spearman: null });
  });

  it('migrate creates the schema in an empty file', async () => {
    const empty = path.join(dir, 'fresh', 'new.db');
    const run = await new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [bin, 'migrate'], { env: { PATH: process.env.PATH, DATABASE_PATH: empty } });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(24 tables)');
  });
  it("rehearse's closing hint is runnable as printed: its progress command finds the answers just stored", async () => {
    const run = await cli(['rehearse', '--role', 'devops', '--count', '1', '--user', 'dee'], 'We rolled back the deploy and added a canary.\n');
    expect(run.code).toBe(0);
    const hint = /See your trend: interview-coach (progress .+)$/m.exec(run.stdout)?.[1];
    expect(hint).toBe('progress --user cli:dee');
    expect(run.stdout).toContain('Keep going: interview-coach rehearse --role devops --user dee');
    const progress = await cli([...(hint ?? '').split(' '), '--json']);
    expect(progress.code).toBe(0);
    expect((JSON.parse(progress.stdout) as { totals: { answers: number } }).totals.answers).toBe(1);
  }, 120_000); // two CLI runs, each a cold tsx start

  it('documents rehearse --user in --help and in the command list', async () => {
    const own = await cli(['rehearse', '--help']);
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(/^Usage: interview-coach rehearse --role R .*\[--user NAME\]/);
    const list = await cli(['--help']);
    expect(list.stdout).toMatch(/rehearse .*\[--user NAME\]/);
  }, 120_000); // two CLI runs, each a cold tsx start
});
