// End of a live voice answer → its feedback is stored, for 10 s, 60 s and 300 s answers, with a fake Whisper whose
// reply time grows with the audio it is sent (10 ms per second, over loopback, through the real openai client).
// "chunked" is the product: chunks cut at pauses are transcribed while the answer is spoken and only the tail is
// left at the end. "whole" is the baseline doing the same work the old way: the whole answer uploaded when it ends
// (TRANSCRIBE_CHUNK_SECONDS=0). Both run the same pipeline (AnswerProcessor with the offline rubric), interleaved.
// The answer is fed as 20 ms Opus packets through PacketTimeline at SPEEDUP × real time (the fake still needs only
// 1/100 of real time per chunk, so chunks keep up as they would live); the wait after the end is not scaled.
import { channelId } from '../src/location.js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseConfig } from '../src/config/index.js';
import { PacketTimeline, resampleMono } from '../src/pipeline/audio/index.js';
import { createServices, type Services } from '../src/services.js';
import { encodeOpusFrames } from '../test/fakes/discord/voice/opusFrames.js';
import { FakeOpenAI } from '../test/fakes/openai/FakeOpenAI.js';
import { listeningReply, toneScript, toneWordsPcm } from '../test/fakes/openai/listeningTranscription.js';
import { cliUser, cliWorkspace } from '../src/cli/cliIdentity.js';

const LENGTHS_SEC = [10, 60, 300];
const SPEEDUP = 10;
const MS_PER_AUDIO_SEC = 10;
const ROUNDS = 2;

type Variant = 'chunked' | 'whole';

interface Answer {
  frames: Buffer[];
  durationSec: number;
}

function answerOf(lengthSec: number): Answer {
  // Words of 0.35 s every second, with a 1.5 s pause every 12 words: speech with the pauses people leave.
  const count = Math.round(lengthSec * 0.9);
  const pausesBefore: Record<number, number> = {};
  for (let n = 12; n < count; n += 12) pausesBefore[n] = 1.5;
  const script = toneScript(count, { wordSec: 0.35, gapSec: 0.65, pausesBefore });
  const mono = resampleMono(toneWordsPcm(script.words, script.durationSec), 16_000, 48_000);
  const stereo = Buffer.alloc(mono.length * 4);
  for (let i = 0; i < mono.length; i++) {
    stereo.writeInt16LE(mono[i] ?? 0, 4 * i);
    stereo.writeInt16LE(mono[i] ?? 0, 4 * i + 2);
  }
  return { frames: encodeOpusFrames(stereo), durationSec: script.durationSec };
}

async function measureOne(services: Services, answer: Answer): Promise<{ waitMs: number; requests: number }> {
  const { engine, answers } = services;
  const { session } = await engine.start({
    platform: 'cli',
    kind: 'rehearse',
    workspace: cliWorkspace('bench', 'bench'),
    host: cliUser('bench', 'bench'),
    location: { surface: 'cli', run: channelId(randomUUID()) },
    role: 'backend',
    difficulty: 'mid',
    count: 1,
    mode: 'voice',
  });
  const asked = await engine.current(session.id);
  let clock = 0;
  const timeline = new PacketTimeline({ endSilenceSec: 60, maxDurationSec: 3600, now: () => clock });
  const live = answers.startLiveTranscription();
  const framesPerTick = 50; // one second of audio per tick
  for (let i = 0; i < answer.frames.length; i++) {
    clock = i * 20;
    timeline.push({ sequence: i & 0xffff, timestamp: (i * 960) >>> 0, opus: answer.frames[i] ?? Buffer.alloc(0) }, clock);
    if (i % framesPerTick === framesPerTick - 1) {
      timeline.poll(clock);
      live?.update(timeline);
      await sleep(1000 / SPEEDUP);
    }
  }
  const ended = performance.now();
  const audio = timeline.finish();
  const host = await services.repos.identity.findUser('cli', cliUser('bench').id);
  if (!host || !live) throw new Error('no host or no transcriber');
  await answers.submit({
    sessionId: session.id,
    questionId: asked.question.id,
    userId: host.id,
    input: { kind: 'audio', inputKind: 'voice', audio, transcription: live },
  });
  const waitMs = performance.now() - ended;
  await engine.end(session.id);
  return { waitMs, requests: live.chunkCount };
}

export async function run(): Promise<string> {
  const fake = await FakeOpenAI.start();
  fake.setDefault('transcriptions', listeningReply({ msPerAudioSecond: MS_PER_AUDIO_SEC }));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-bench-chunks-'));
  const make = (variant: Variant): Services =>
    createServices(
      parseConfig({
        DATABASE_PATH: path.join(dir, `${variant}.db`),
        TRANSCRIBER_PROVIDER: 'openai',
        WHISPER_BASE_URL: fake.url,
        WHISPER_API_KEY: 'bench',
        LIMIT_TRANSCRIPTION_SECONDS_PER_USER_PER_DAY: '10000000',
        LIMIT_TRANSCRIPTION_SECONDS_PER_WORKSPACE_PER_DAY: '100000000',
        LIMIT_SESSIONS_PER_USER_PER_DAY: '100000',
        TRANSCRIBE_CHUNK_SECONDS: variant === 'chunked' ? '20' : '0',
      }),
    );
  const services: Record<Variant, Services> = { chunked: make('chunked'), whole: make('whole') };
  const results = new Map<string, { waits: number[]; requests: number }>();
  try {
    const answers = new Map(LENGTHS_SEC.map((s) => [s, answerOf(s)]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const lengthSec of LENGTHS_SEC) {
        // Interleaved: ABAB, starting with the other variant each round.
        const order: Variant[] = round % 2 === 0 ? ['chunked', 'whole'] : ['whole', 'chunked'];
        for (const variant of order) {
          const answer = answers.get(lengthSec);
          if (!answer) continue;
          const { waitMs, requests } = await measureOne(services[variant], answer);
          const key = `${variant}:${lengthSec}`;
          const entry = results.get(key) ?? { waits: [], requests };
          entry.waits.push(waitMs);
          results.set(key, entry);
        }
      }
    }
  } finally {
    await services.chunked.close();
    await services.whole.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return report(results);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function report(results: Map<string, { waits: number[]; requests: number }>): string {
  const wait = (variant: Variant, s: number): number => median(results.get(`${variant}:${s}`)?.waits ?? []);
  const first = LENGTHS_SEC[0] ?? 10;
  const last = LENGTHS_SEC.at(-1) ?? 300;
  const rows = LENGTHS_SEC.map(
    (s) => `| ${s} s | ${wait('chunked', s).toFixed(0)} | ${results.get(`chunked:${s}`)?.requests ?? 0} | ${wait('whole', s).toFixed(0)} | ${(wait('whole', s) / wait('chunked', s)).toFixed(2)}× |`,
  );
  return [
    '## End of a voice answer → feedback stored, chunked vs whole (transcribed while people speak)',
    '',
    `Live answers of ${LENGTHS_SEC.join(', ')} s (tone words with pauses) fed as Opus packets through PacketTimeline at ${SPEEDUP}× real time; a fake Whisper over loopback (real openai client) replying after ${MS_PER_AUDIO_SEC} ms per second of audio it receives, as in the issue's measurement; AnswerProcessor with the offline rubric stores the feedback. Median of ${ROUNDS} interleaved runs; wall-clock ms from the end of the answer.`,
    '',
    '| answer | chunked (ms) | requests | whole upload at the end (ms) | whole ÷ chunked |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Growth from the ${first} s to the ${last} s answer: chunked **${(wait('chunked', last) / wait('chunked', first)).toFixed(2)}×** (goal ≤ 1.5×), whole ${(wait('whole', last) / wait('whole', first)).toFixed(2)}×.`,
  ].join('\n');
}
