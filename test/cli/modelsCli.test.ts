// storage: SQLite only — `models` stores nothing in the database; DATABASE_PATH only places the data folder the model goes to.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { childOutput } from '../helpers/childOutput.js';
import { encodeFixture, synthesizeAnswer } from '../helpers/audioFixtures.js';
import { FakeModelHost } from '../fakes/modelHost/FakeModelHost.js';
import { testModelFile } from '../fakes/modelHost/testModelFile.js';

const bin = path.resolve(import.meta.dirname, '../../bin/interview-coach.js');
const FILE = 'for-tests-ggml-tiny.en.bin';
const model = readFileSync(testModelFile());
const digest = createHash('sha256').update(model).digest('hex');

let host: FakeModelHost;
let dir: string;
let modelsDir: string;

beforeAll(async () => {
  host = await FakeModelHost.start({ [FILE]: model });
});
afterAll(() => host.close());
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-models-cli-'));
  modelsDir = path.join(dir, 'models');
  host.requests.length = 0;
  host.setDefault({});
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The real CLI as a child process with no API keys. The manifest's base URL points at the loopback host so
 * nothing here can reach the internet, whatever a test asks for.
 */
function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_PATH: path.join(dir, 'data', 'coach.db'),
    NO_COLOR: '1',
    LOG_LEVEL: 'silent',
    WHISPER_MODEL_BASE_URL: host.baseUrl,
    ...extraEnv,
  };
  const child = spawn(process.execPath, [bin, ...args], { env, cwd: dir });
  return childOutput(child);
}

const source = (sha = digest) => ({ WHISPER_MODEL_URL: host.fileUrl(FILE), WHISPER_MODEL_SHA256: sha, WHISPER_MODEL_DIR: modelsDir });
/** Each CLI run starts Node + tsx; on a shared 2-core machine under load one run can take tens of seconds. */
const SLOW = { timeout: 600_000 };
const oneLine = (run: Run) => {
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
};

describe('interview-coach models / doctor / transcribe with the local whisper model (child process, no keys)', () => {
  it('doctor --json on a fresh config lists whisper.cpp with the default model, its file and that it is missing', SLOW, async () => {
    const run = await cli(['doctor', '--json', '--no-probe']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { providers: { role: string; provider: string; model: string | null }[]; localModel: Record<string, unknown> };
    expect(out.providers.find((p) => p.role === 'transcriber')).toMatchObject({ provider: 'whisper.cpp', model: 'base.en-q5_1' });
    expect(out.localModel).toEqual({
      name: 'base.en-q5_1',
      file: 'ggml-base.en-q5_1.bin',
      path: path.join(dir, 'data', 'models', 'ggml-base.en-q5_1.bin'),
      present: false,
      bytes: 59_721_011,
      source: new URL(host.baseUrl).host,
    });
    // Reporting never downloads.
    expect(host.requests).toHaveLength(0);
  });

  it('models list --json marks the default and what is present', SLOW, async () => {
    const run = await cli(['models', 'list', '--json'], { WHISPER_LOCAL_MODEL: 'tiny.en-q5_1' });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { dir: string; revision: string; models: { name: string; bytes: number; present: boolean; default: boolean; path: string }[] };
    expect(out.revision).toBe('5359861c739e955e79d9a303bcbc70fb988958b1');
    expect(out.models.map((m) => m.name)).toEqual(['tiny.en', 'tiny.en-q5_1', 'tiny.en-q8_0', 'base.en', 'base.en-q5_1', 'base.en-q8_0', 'small.en', 'small.en-q5_1', 'small.en-q8_0']);
    expect(out.models.filter((m) => m.default).map((m) => m.name)).toEqual(['tiny.en-q5_1']);
    expect(out.models.every((m) => !m.present && m.path.startsWith(out.dir))).toBe(true);
  });

  it('a wrong checksum exits non-zero with one line and leaves no model file, part or lock', SLOW, async () => {
    const run = await cli(['models', 'download'], source('0'.repeat(64)));
    expect(run.code).toBe(1);
    oneLine(run);
    expect(run.stderr).toMatch(/failed its checksum .*deleted/);
    expect(readdirSync(modelsDir)).toEqual([]);
  });

  it('models download puts the verified file in WHISPER_MODEL_DIR; verify, list and transcribe then use it', SLOW, async () => {
    const download = await cli(['models', 'download'], source());
    expect(download.code).toBe(0);
    expect(download.stdout).toMatch(/Downloading base\.en-q5_1: 0 MB/);
    expect(download.stdout).toContain(`sha256 verified: ${path.join(modelsDir, FILE)}`);
    expect(readFileSync(path.join(modelsDir, FILE)).equals(model)).toBe(true);
    expect(readdirSync(modelsDir)).toEqual([FILE]);
    expect(host.transfers()).toHaveLength(1);

    const verify = await cli(['models', 'verify'], source());
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain(`ok base.en-q5_1  ${path.join(modelsDir, FILE)}`);

    const list = await cli(['models', 'list', '--json'], source());
    const row = (JSON.parse(list.stdout) as { models: { name: string; present: boolean; path: string }[] }).models.find((m) => m.name === 'base.en-q5_1');
    expect(row).toMatchObject({ present: true, path: path.join(modelsDir, FILE) });

    // The test model has real shapes but no weights: the transcript is empty or garbage, the transcriber is named.
    const fixture = await synthesizeAnswer();
    const audio = path.join(dir, 'answer.ogg');
    writeFileSync(audio, await encodeFixture(fixture.pcm, 'ogg'));
    const transcribe = await cli(['transcribe', audio, '--json'], source());
    expect(transcribe.stderr).toBe('');
    expect(transcribe.code).toBe(0);
    const out = JSON.parse(transcribe.stdout) as { transcriber: string; text: string };
    expect(out.transcriber).toBe(`whisper.cpp:${FILE}`);
    expect(typeof out.text).toBe('string');
    expect(host.transfers()).toHaveLength(1);
  });

  it('a corrupted model file fails verify with one line naming the fix', SLOW, async () => {
    const file = path.join(modelsDir, 'ggml-tiny.en.bin');
    rmSync(modelsDir, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(modelsDir, { recursive: true }));
    writeFileSync(file, 'not a model');
    const run = await cli(['models', 'verify'], { WHISPER_MODEL_DIR: modelsDir });
    expect(run.code).toBe(1);
    oneLine(run);
    expect(run.stderr).toMatch(/^tiny\.en does not match its checksum .*models download tiny\.en/);
  });

  it('two download processes at once make one transfer: the second waits for the first and finds the file', SLOW, async () => {
    host.setDefault({ chunkBytes: 32 * 1024, chunkDelayMs: 25 });
    const first = cli(['models', 'download'], source());
    await host.waitForTransfers(1);
    const second = cli(['models', 'download'], source());
    const runs = await Promise.all([first, second]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    expect(host.transfers()).toHaveLength(1);
    expect(readFileSync(path.join(modelsDir, FILE)).equals(model)).toBe(true);
    expect(readdirSync(modelsDir)).toEqual([FILE]);
  });

  it('TRANSCRIBER_PROVIDER=none still turns voice off', SLOW, async () => {
    const run = await cli(['transcribe', 'nothing.ogg'], { TRANSCRIBER_PROVIDER: 'none' });
    expect(run.code).toBe(2);
    oneLine(run);
    expect(run.stderr).toMatch(/Voice answers are turned off/);
  });
});
