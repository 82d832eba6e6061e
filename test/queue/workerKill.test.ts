// storage: PostgreSQL only — queue workers, which need Postgres.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { detectSpeech, encodeWav } from '../../src/pipeline/audio/index.js';
import type { AnswerAudio } from '../../src/pipeline/audio/types.js';
import { PgBossQueue } from '../../src/queue/PgBossQueue.js';
import { openServices, type Services } from '../../src/services.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { synthesizeAnswer } from '../helpers/audioFixtures.js';
import { answerTo, OneQuestion } from '../helpers/oneQuestionRound.js';
import { cliSessionOptions } from '../helpers/sessionOptions.js';
import { createTempPgDatabase, type TempPgDatabase } from '../helpers/tempPgDatabase.js';
import { SessionEngine } from '../../src/session/SessionEngine.js';
import { CLI_ENTRY, TSX_LOADER } from '../reliability/childCli.js';
import { followLines, type ChildLines } from './childLines.js';
import { waitFor } from './pgScratch.js';
import type { AnswerId } from '../helpers/ids.js';

/*
 * The test: `interview-coach worker` processes on a real Postgres, a voice answer kept for them (STORE_AUDIO),
 * the transcriber a local fake. The first worker takes the job and is SIGKILLed while the transcription request is in
 * flight; a second worker takes the job after its visibility timeout, transcribes and scores the answer — once.
 */
let server: TempPgDatabase;
let dir: string;
let openai: FakeOpenAI;
let services: Services;
let releaseTranscription!: () => void;
const children: ChildProcess[] = [];

const env = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NO_COLOR: '1',
  LOG_LEVEL: 'silent',
  DATABASE_URL: server.url,
  // With Postgres the file is unused; STORE_AUDIO keeps answers' audio in the folder beside it, shared by the workers.
  DATABASE_PATH: path.join(dir, 'coach.db'),
  STORE_AUDIO: 'true',
  WHISPER_BASE_URL: openai.url,
  WHISPER_API_KEY: 'k',
  TRANSCRIBE_CHUNK_SECONDS: '0',
  PROVIDER_MAX_RETRIES: '0',
  EVALUATOR_PROVIDER: 'rubric',
  QUEUE_EXPIRE_SECONDS: '3',
  QUEUE_MONITOR_SECONDS: '1',
  QUEUE_RETRY_DELAY_SECONDS: '1',
  SHUTDOWN_GRACE_SECONDS: '5',
});

beforeAll(async () => {
  server = await createTempPgDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-worker-kill-'));
  openai = await FakeOpenAI.start();
  const e = env();
  services = await openServices(parseConfig(Object.fromEntries(Object.entries(e).filter((kv): kv is [string, string] => kv[1] !== undefined))));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  releaseTranscription?.();
  await services?.close();
  await openai?.close();
  await server?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function startWorker(): { child: ChildProcess; out: ChildLines } {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, CLI_ENTRY, 'worker'], { env: env(), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return { child, out: followLines(child) };
}

async function count(table: string, answerId: number): Promise<number> {
  const [row] = await server.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE answer_id = $1`, [answerId]);
  return Number(row?.n);
}

/** The states of the answer's jobs in pg-boss's table, oldest first. */
async function jobStates(answerId: number): Promise<string[]> {
  const rows = await server.query<{ state: string }>('SELECT state::text AS state FROM pgboss.job WHERE singleton_key = $1 ORDER BY created_on', [String(answerId)]);
  return rows.map((r) => r.state);
}

/** A voice answer as the bot leaves it for a worker: the row `received`, its WAV in STORE_AUDIO's folder. */
async function keptVoiceAnswer(): Promise<AnswerId> {
  const engine = new SessionEngine({ repos: services.repos, questions: new OneQuestion(), fallbackQuestions: new OneQuestion() });
  const { session, host } = await engine.start(cliSessionOptions('ana', { role: 'backend', count: 1, mode: 'voice' }));
  const asked = await engine.current(session.id);
  const { pcm } = await synthesizeAnswer();
  const audio: AnswerAudio = { pcm, sampleRate: 16000, durationSec: pcm.length / 16000, speech: detectSpeech(pcm) };
  const answer = await services.repos.answers.create(answerTo(session, asked, host, {
    inputKind: 'voice_message',
    durationSec: Math.round(audio.durationSec * 10) / 10,
    status: 'received',
  }));
  const audioDir = path.join(dir, 'audio');
  await mkdir(audioDir, { recursive: true });
  await writeFile(path.join(audioDir, `answer-${answer.id}.wav`), encodeWav(audio));
  return answer.id;
}

describe('interview-coach worker on Postgres', { timeout: 90_000 }, () => {
  it('a worker SIGKILLed while transcribing: another finishes the answer after the visibility timeout, scored once', async () => {
    const answerId = await keptVoiceAnswer();
    // The first transcription request hangs until the test ends: the first worker dies holding it.
    openai.script('transcriptions', { hold: new Promise<void>((resolve) => (releaseTranscription = resolve)) });

    const first = startWorker();
    await first.out.waitForLine(/^worker ready/);
    const producer = await PgBossQueue.start({ connectionString: server.url, policy: { retryLimit: 3, retryDelaySec: 1, expireInSec: 3 } });
    try {
      await expect(producer.enqueue({ answerId })).resolves.toBe('queued');
      await first.out.waitForLine(new RegExp(`^took answer ${answerId} \\(attempt 1\\)$`));
      await openai.server.nextRequest('transcriptions');
      first.child.kill('SIGKILL');
      expect((await first.out.exited).signal).toBe('SIGKILL');

      const second = startWorker();
      await second.out.waitForLine(new RegExp(`^answer ${answerId}: scored$`));
      expect(second.out.lines).toContain(`took answer ${answerId} (attempt 2)`);
      const answer = await services.repos.answers.get(answerId);
      expect(answer).toMatchObject({ status: 'scored', transcript: 'Um, I would add a cache.' });
      expect(await count('evaluations', answerId)).toBe(1);
      expect(await count('metrics', answerId)).toBe(1);
      expect(existsSync(path.join(dir, 'audio', `answer-${answerId}.wav`))).toBe(false);

      // pg-boss marks the job completed once the handler has returned.
      await waitFor('the job to complete', async () => ((await jobStates(answerId)).join() === 'completed' ? true : undefined));
      // The same answer queued again (a duplicate delivery): the worker finds nothing left to do.
      await expect(producer.enqueue({ answerId })).resolves.toBe('queued');
      await second.out.waitForLine(new RegExp(`^answer ${answerId}: already_done$`));
      expect(await count('evaluations', answerId)).toBe(1);

      second.child.kill('SIGTERM');
      expect(await second.out.exited).toEqual({ code: 0, signal: null });
      expect(second.out.lines).toContain('worker stopped');
    } finally {
      await producer.stop(0);
    }
  });
});
