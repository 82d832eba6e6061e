// Worker capacity: what `interview-coach worker` does, in this process — the pg-boss queue in Postgres
// (pgBossAnswerQueue, WORKER_CONCURRENCY 1 and 2) handing kept voice answers (STORE_AUDIO) to AnswerProcessor.workOn,
// which reads each WAV, transcribes it with the local whisper.cpp binding (WHISPER_MODEL_PATH = the weightless
// tiny.en test model) and finishes the answer. Measured: answers per minute of wall time and CPU seconds per answer
// and per audio minute (process.cpuUsage counts the whisper worker thread too).
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseConfig, type Config } from '../src/config/index.js';
import { detectSpeech, encodeWav } from '../src/pipeline/audio/index.js';
import type { AnswerAudio } from '../src/pipeline/audio/types.js';
import { PgBossQueue } from '../src/queue/PgBossQueue.js';
import { pgBossAnswerQueue } from '../src/queue/openAnswerQueue.js';
import { openServices, type Services } from '../src/services.js';
import { SessionEngine } from '../src/session/SessionEngine.js';
import type { AnswerId } from '../src/ids.js';
import { synthesizeAnswer } from '../test/helpers/audioFixtures.js';
import { answerTo, OneQuestion } from '../test/helpers/oneQuestionRound.js';
import { cliSessionOptions } from '../test/helpers/sessionOptions.js';
import { createTempPgDatabase } from '../test/helpers/tempPgDatabase.js';
import { testWhisperModelPath } from '../test/helpers/testWhisperModel.js';
import { median } from './interleave.js';
import { WHISPER_SHAPES } from './randomWhisperModel.js';

/** Answers per batch; batches alternate concurrency 1 and 2 (ABAB), ROUNDS of each. */
const PER_BATCH = Number(process.env.WORKER_BENCH_ANSWERS ?? 3);
const ROUNDS = Number(process.env.WORKER_BENCH_ROUNDS ?? 2);
/** The espeak-ng answer (four phrases with pauses) repeated: a spoken answer of about this many copies. */
const REPEATS = 2;
const RATE = 16_000;

interface Batch {
  concurrency: number;
  answers: number;
  audioSec: number;
  wallSec: number;
  cpuSec: number;
  outcomes: string[];
}

function env(dir: string, url: string, concurrency: number): Config {
  return parseConfig({
    DATABASE_URL: url,
    DATABASE_PATH: path.join(dir, 'coach.db'),
    STORE_AUDIO: 'true',
    TRANSCRIBER_PROVIDER: 'whisper-cpp',
    WHISPER_MODEL_PATH: testWhisperModelPath(),
    EVALUATOR_PROVIDER: 'rubric',
    QUESTION_PROVIDER: 'bank',
    // A loaded shared machine: the bench measures, it must not give up.
    PROVIDER_TIMEOUT_MS: '600000',
    QUEUE_EXPIRE_SECONDS: '3600',
    WORKER_CONCURRENCY: String(concurrency),
    LIMIT_TRANSCRIPTION_SECONDS_PER_USER_PER_DAY: '10000000',
    LIMIT_SESSIONS_PER_USER_PER_DAY: '100000',
    LIMIT_SESSIONS_PER_WORKSPACE_PER_DAY: '1000000',
    LIMIT_TRANSCRIPTION_SECONDS_PER_WORKSPACE_PER_DAY: '100000000',
    LOG_LEVEL: 'silent',
  });
}

/** A voice answer as the bot leaves it for a worker: the row `received`, its WAV in STORE_AUDIO's folder. */
async function keptVoiceAnswer(services: Services, dir: string, audio: AnswerAudio, person: number): Promise<AnswerId> {
  const engine = new SessionEngine({ repos: services.repos, questions: new OneQuestion(), fallbackQuestions: new OneQuestion() });
  const { session, host } = await engine.start(cliSessionOptions(`person${person}`, { role: 'backend', count: 1, mode: 'voice' }));
  const asked = await engine.current(session.id);
  const answer = await services.repos.answers.create(answerTo(session, asked, host, { inputKind: 'voice', durationSec: Math.round(audio.durationSec * 10) / 10, status: 'received' }));
  await mkdir(path.join(dir, 'audio'), { recursive: true });
  await writeFile(path.join(dir, 'audio', `answer-${answer.id}.wav`), encodeWav(audio));
  return answer.id;
}

async function batch(services: Services, producer: PgBossQueue, dir: string, url: string, audio: AnswerAudio, concurrency: number, firstPerson: number): Promise<Batch> {
  const ids: AnswerId[] = [];
  for (let i = 0; i < PER_BATCH; i++) ids.push(await keptVoiceAnswer(services, dir, audio, firstPerson + i));
  for (const answerId of ids) await producer.enqueue({ answerId });
  const outcomes: string[] = [];
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const cpu = process.cpuUsage();
  const started = performance.now();
  // The worker command's own queue and handler (src/cli/commands/worker.ts), with its concurrency setting.
  const queue = await pgBossAnswerQueue(env(dir, url, concurrency));
  await queue.work(async ({ answerId }) => {
    outcomes.push(await services.answers.workOn(answerId));
    if (outcomes.length === ids.length) finish();
  });
  await done;
  const wallSec = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await queue.stop(10_000);
  return { concurrency, answers: ids.length, audioSec: ids.length * audio.durationSec, wallSec, cpuSec: (used.user + used.system) / 1e6, outcomes };
}

/**
 * Multiply-accumulates of one 30-s encoder window: the two convolutions, then per layer QKV + output projections
 * (4·d²) and the MLP (8·d²) over 1500 positions, and attention (QKᵀ and ·V: 2·1500²·d). The decoder's cost per
 * token is far smaller and grows with the words decoded.
 */
function encoderGmac(shape: { audioState: number; audioLayers: number }): number {
  const d = shape.audioState;
  const T = 1500;
  const conv = 3 * 80 * d * 3000 + 3 * d * d * T;
  const perLayer = 12 * d * d * T + 2 * T * T * d;
  return (conv + shape.audioLayers * perLayer) / 1e9;
}

const f = (n: number, digits = 1): string => n.toFixed(digits);

export async function run(): Promise<string> {
  const loadBefore = os.loadavg()[0] ?? NaN;
  const server = await createTempPgDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-worker-capacity-'));
  const fixture = await synthesizeAnswer();
  const pcm = new Int16Array(fixture.pcm.length * REPEATS);
  for (let r = 0; r < REPEATS; r++) pcm.set(fixture.pcm, r * fixture.pcm.length);
  const audio: AnswerAudio = { pcm, sampleRate: RATE, durationSec: pcm.length / RATE, speech: detectSpeech(pcm) };
  const services = await openServices(env(dir, server.url, 1));
  const producer = await PgBossQueue.start({ connectionString: server.url, policy: { retryLimit: 0, retryDelaySec: 1, expireInSec: 3600 } });
  const batches: Batch[] = [];
  try {
    // Loads the model on its worker thread before anything is timed (a worker does it once, at its first answer).
    const warm = await services.transcriber?.transcribe({ wav: encodeWav({ ...audio, pcm: pcm.subarray(0, 2 * RATE), durationSec: 2 }), durationSec: 2 });
    process.stderr.write(`workerCapacity: warm-up transcript ${JSON.stringify(warm?.text)}\n`);
    let person = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const concurrency of round % 2 === 0 ? [1, 2] : [2, 1]) {
        const b = await batch(services, producer, dir, server.url, audio, concurrency, person);
        person += PER_BATCH;
        process.stderr.write(`workerCapacity: ${JSON.stringify(b)} load ${f(os.loadavg()[0] ?? NaN)}\n`);
        batches.push(b);
      }
    }
  } finally {
    await producer.stop(0);
    await services.close();
    await server.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = os.loadavg()[0] ?? NaN;
  const rows = [1, 2].map((concurrency) => {
    const mine = batches.filter((b) => b.concurrency === concurrency);
    const perMin = median(mine.map((b) => (b.answers / b.wallSec) * 60));
    const cpuPerAnswer = median(mine.map((b) => b.cpuSec / b.answers));
    const cpuPerAudioMin = median(mine.map((b) => b.cpuSec / (b.audioSec / 60)));
    const cores = median(mine.map((b) => b.cpuSec / b.wallSec));
    const outcomes = [...new Set(mine.flatMap((b) => b.outcomes))].join(', ');
    return `| ${concurrency} | ${mine.length} × ${PER_BATCH} | **${f(perMin, 2)}** | ${f(cpuPerAnswer, 2)} s | **${f(cpuPerAudioMin, 2)} s** | ${f(cores, 2)} | ${f(60 / cpuPerAnswer, 1)} | ${outcomes} |`;
  });
  const tiny = encoderGmac(WHISPER_SHAPES['tiny.en']);
  const base = encoderGmac(WHISPER_SHAPES['base.en']);
  return [
    '## Worker capacity (pg-boss worker, local whisper.cpp)',
    '',
    `The work of \`interview-coach worker\` in one process: \`pgBossAnswerQueue\` on Postgres 15 (127.0.0.1) with`,
    '`WORKER_CONCURRENCY` 1 and 2, the handler `AnswerProcessor.workOn`, kept voice answers (`STORE_AUDIO`, the row',
    `\`received\`, the WAV on disk) of ${f(audio.durationSec)} s of espeak-ng speech with pauses (the test fixture twice), transcribed by`,
    '`@napi-rs/whisper` on its worker thread with the bot\'s default thread count (cores − 1 = 1 here) and the weightless',
    'tiny.en test model (`WHISPER_MODEL_PATH`), cut at pauses into ~20-s chunks (`TRANSCRIBE_CHUNK_SECONDS`).',
    `Batches of ${PER_BATCH} answers queued first, then the worker started; concurrency 1 and 2 alternate (${ROUNDS} batches each,`,
    `medians). CPU is the process's user + system time (the whisper thread included). 1-minute load average ${f(loadBefore)}`,
    `before and ${f(loadAfter)} after on ${os.cpus().length} cores — **the machine was shared**: answers per minute is wall-clock`,
    'and inflated by the neighbours; CPU seconds per answer is the steadier figure and gives the capacity of a dedicated core.',
    '',
    '| WORKER_CONCURRENCY | batches | answers per minute (wall, here) | CPU per answer | CPU per audio minute | cores used | answers per minute per dedicated core (60 ÷ CPU) | outcomes |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '- The weightless model has tiny.en\'s header, hence the same tensor shapes and the same encoder graph: a chunk costs',
    '  real tiny.en\'s encoder compute (whisper.cpp encodes a full 30-s window whatever the chunk\'s length). It decodes',
    '  nothing, so the answers end `failed` (no speech) and scoring is skipped: the decoder\'s tokens and the scoring',
    '  (offline rubric, tens of milliseconds; see "Database time per answer") are missing — **a lower bound for tiny.en**.',
    `- base.en, **estimated** from the shapes (not measured here): encoder multiply-accumulates per 30-s window ${f(tiny)} G for`,
    `  tiny.en (d = 384, 4 layers) vs ${f(base)} G for base.en (d = 512, 6 layers), **× ${f(base / tiny, 2)}**; the decoder grows`,
    '  about as much per token. The "Local whisper.cpp" section (random weights of both shapes, same binding) measured',
    '  the two side by side.',
    '- One process runs one whisper.cpp transcription at a time (`maxConcurrency` 1: one model, one worker thread),',
    '  so `WORKER_CONCURRENCY` 2 only overlaps the database and queue steps with the next transcription: it does not',
    '  double a worker\'s throughput. More throughput is more worker processes (one per core) or more whisper threads.',
  ].join('\n');
}
