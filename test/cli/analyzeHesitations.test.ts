// storage: SQLite only — `analyze` stores nothing; DATABASE_PATH only gives the CLI a data folder.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childOutput } from '../helpers/childOutput.js';
import { decodeAudioFile, trimRange } from '../../src/pipeline/audio/index.js';
import type { TimeSpan } from '../../src/pipeline/audio/types.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { wav16k } from '../helpers/audioFixtures.js';
import { buildClip, clipTranscript, CLUSTER_SCRIPT, VOICES, type ClipPart, type HesitationClip } from '../helpers/hesitationClips.js';

const bin = path.resolve(import.meta.dirname, '../../bin/interview-coach.js');
const voice = VOICES[0] ?? { voice: 'en-us', pitch: 35, f0: 105 };
let dir: string;
let openai: FakeOpenAI;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-cli-hes-'));
  openai = await FakeOpenAI.start();
});
afterAll(async () => {
  await openai.close();
  rmSync(dir, { recursive: true, force: true });
});

interface AnalyzeJson {
  fillers: { total: number };
  hesitations: { total: number; spans: TimeSpan[] } | null;
  clusters: { start: number; end: number; count: number; kinds: Record<string, number> }[];
  audio: { deliveryScore: number };
}

/** Writes the clip as a WAV, has the fake Whisper serve the clip's words (fillers left out), runs `analyze --audio`. */
async function analyze(clip: HesitationClip, name: string): Promise<AnalyzeJson> {
  const file = path.join(dir, `${name}.wav`);
  const wav = wav16k(clip.pcm);
  writeFileSync(file, wav);
  // The CLI sends the transcriber the answer with its leading silence cut: the fake's times are on that timeline.
  const decoded = await decodeAudioFile(wav, { fileName: `${name}.wav` });
  openai.transcript = clipTranscript(clip, trimRange(decoded).start / 16000);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_PATH: path.join(dir, 'cli.db'),
    NO_COLOR: '1',
    LOG_LEVEL: 'silent',
    WHISPER_BASE_URL: openai.url,
    WHISPER_API_KEY: 'test-key',
  };
  const child = spawn(process.execPath, [bin, 'analyze', '--audio', file, '--json'], { env, cwd: dir });
  const run = await childOutput(child);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as AnalyzeJson;
}

describe('analyze --audio with a transcriber that leaves fillers out', () => {
  // Generous limits: espeak synthesis plus a child CLI on a shared 2-core machine; not a speed check.
  it('reports the hesitation at the right time and not the silent pause', { timeout: 180_000 }, async () => {
    const script: ClipPart[] = [
      { silenceSec: 0.5 },
      { phrase: 'I started by profiling the slow endpoint.' },
      { silenceSec: 0.2 },
      { fillerSec: 0.6, kind: 'uh' },
      { silenceSec: 0.2 },
      { phrase: 'The cache was missing most requests.' },
      { silenceSec: 1.5 },
      { phrase: 'We moved the heavy work into a queue.' },
      { silenceSec: 0.5 },
    ];
    const clip = await buildClip(script, voice, 11);
    const out = await analyze(clip, 'one-filler');
    const truth = clip.hesitations[0];
    const pause = clip.distractors.find((d) => d.kind === 'pause' && d.span.end - d.span.start >= 1.5)?.span;
    expect(truth && pause).toBeTruthy();
    expect(out.fillers.total).toBe(0);
    expect(out.hesitations?.total).toBe(1);
    const found = out.hesitations?.spans[0];
    expect(Math.abs((found?.start ?? 0) - (truth?.start ?? 0))).toBeLessThanOrEqual(0.1);
    expect(Math.abs((found?.end ?? 0) - (truth?.end ?? 0))).toBeLessThanOrEqual(0.1);
    expect(out.hesitations?.spans.some((s) => pause && s.end > pause.start && s.start < pause.end)).toBe(false);
    expect(out.clusters).toEqual([]);
  });

  it('points out the moment where a transcribed "um" and two hesitations bunch up', { timeout: 180_000 }, async () => {
    const clip = await buildClip(CLUSTER_SCRIPT, voice, 12);
    const out = await analyze(clip, 'cluster');
    const um = clip.distractors.find((d) => d.kind === 'transcribed filler')?.span;
    expect(out.fillers.total).toBe(1);
    expect(out.hesitations?.total).toBe(2);
    expect(out.clusters).toHaveLength(1);
    expect(out.clusters[0]).toMatchObject({ count: 3, kinds: { filler: 1, hesitation: 2 } });
    expect(Math.abs((out.clusters[0]?.start ?? 0) - (um?.start ?? 0))).toBeLessThanOrEqual(0.1);
  });
});
