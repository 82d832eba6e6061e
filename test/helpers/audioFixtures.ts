/**
 * Audio fixtures made at test time: espeak-ng speech (the product's own EspeakSpeaker) with silences of known
 * length between phrases, encoded the ways answers arrive (Ogg Opus, WebM, m4a, RTP packets). Encoded files are
 * cached per test run in a temp directory; nothing binary is committed.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { encodeWav, resampleMono } from '../../src/pipeline/audio/index.js';
import type { RtpOpusPacket, TimeSpan } from '../../src/pipeline/audio/types.js';
import { EspeakSpeaker } from '../../src/pipeline/speech/espeakSpeaker.js';

const run = promisify(execFile);
const RATE = 16000;

export type ScriptPart = string | { silenceSec: number };

/** Known words with the three pause lengths the suite checks: 0.5 s (no pause), 1.5 s and 3 s (pauses). */
export const ANSWER_SCRIPT: readonly ScriptPart[] = [
  'So the reconciler compares the new tree with the old one.',
  { silenceSec: 0.5 },
  'Um, keys let React match list items between renders.',
  { silenceSec: 1.5 },
  'Memo can skip work when the props are equal.',
  { silenceSec: 3 },
  'That cut our render time by about eighty percent.',
];
export const LEAD_SILENCE_SEC = 0.4;
export const TAIL_SILENCE_SEC = 0.6;

export interface SpokenFixture {
  pcm: Int16Array;
  durationSec: number;
  /** Where each phrase is, in seconds (ground truth, not VAD output). */
  phrases: TimeSpan[];
  /** The silences between phrases, in order. */
  gapsSec: number[];
}

// ---------------------------------------------------------------- cache

let cacheDir: Promise<string> | undefined;

/** One directory per vitest run (workers share the parent's pid); directories older than an hour are swept. */
export function fixtureDir(): Promise<string> {
  cacheDir ??= (async () => {
    const root = tmpdir();
    const dir = path.join(root, `interview-coach-audio-fixtures-${process.ppid}`);
    for (const name of await readdir(root)) {
      if (!name.startsWith('interview-coach-audio-fixtures-') || path.join(root, name) === dir) continue;
      const info = await stat(path.join(root, name)).catch(() => null);
      if (info && Date.now() - info.mtimeMs > 3_600_000) await rm(path.join(root, name), { recursive: true, force: true });
    }
    await mkdir(dir, { recursive: true });
    return dir;
  })();
  return cacheDir;
}

/** Returns the cached file for `key`, making it with `make` (atomically, as test files run in parallel) if needed. */
async function cached(key: string, ext: string, make: (target: string) => Promise<void>): Promise<string> {
  const dir = await fixtureDir();
  const file = path.join(dir, `${createHash('sha1').update(key).digest('hex').slice(0, 16)}.${ext}`);
  if (await stat(file).then(() => true, () => false)) return file;
  const partial = `${file}.${process.pid}.tmp.${ext}`;
  await make(partial);
  await rename(partial, file);
  return file;
}

// ---------------------------------------------------------------- speech

const speaker = new EspeakSpeaker({ voice: 'en-us', wordsPerMinute: 160 });

/** Drops espeak's own leading/trailing near-silence so the pauses we insert are the whole silence. */
export function trimEdges(pcm: Int16Array, threshold = 200): Int16Array {
  let start = 0;
  let end = pcm.length;
  while (start < end && Math.abs(pcm[start] ?? 0) < threshold) start++;
  while (end > start && Math.abs(pcm[end - 1] ?? 0) < threshold) end--;
  return pcm.subarray(start, end);
}

export async function synthesizeAnswer(script: readonly ScriptPart[] = ANSWER_SCRIPT): Promise<SpokenFixture> {
  const key = JSON.stringify({ v: 1, script, LEAD_SILENCE_SEC, TAIL_SILENCE_SEC });
  const file = await cached(key, 'json', async (target) => {
    const pieces: Int16Array[] = [new Int16Array(Math.round(LEAD_SILENCE_SEC * RATE))];
    const phrases: TimeSpan[] = [];
    const gapsSec: number[] = [];
    let at = pieces[0]?.length ?? 0;
    for (const part of script) {
      if (typeof part === 'string') {
        const speech = await speaker.speak(part);
        const pcm = trimEdges(resampleMono(speech.pcm, speech.sampleRate, RATE));
        phrases.push({ start: at / RATE, end: (at + pcm.length) / RATE });
        pieces.push(pcm);
        at += pcm.length;
      } else {
        const silence = new Int16Array(Math.round(part.silenceSec * RATE));
        gapsSec.push(part.silenceSec);
        pieces.push(silence);
        at += silence.length;
      }
    }
    pieces.push(new Int16Array(Math.round(TAIL_SILENCE_SEC * RATE)));
    const pcm = concat(pieces);
    await writeFile(target, JSON.stringify({ pcm: Buffer.from(pcm.buffer).toString('base64'), phrases, gapsSec }));
  });
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isStoredFixture(parsed)) throw new Error(`bad fixture cache file ${file}`);
  const bytes = Buffer.from(parsed.pcm, 'base64');
  const pcm = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  return { pcm, durationSec: pcm.length / RATE, phrases: parsed.phrases, gapsSec: parsed.gapsSec };
}

function isStoredFixture(value: unknown): value is { pcm: string; phrases: TimeSpan[]; gapsSec: number[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'pcm' in value &&
    typeof value.pcm === 'string' &&
    'phrases' in value &&
    Array.isArray(value.phrases) &&
    'gapsSec' in value &&
    Array.isArray(value.gapsSec)
  );
}

export function concat(pieces: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------------------------------------------------------------- files

export function wav16k(pcm: Int16Array): Buffer {
  return encodeWav({ pcm, sampleRate: 16000, durationSec: pcm.length / RATE, speech: [] });
}

/** A WAV in any layout: 16-bit PCM, interleaved channels (each a copy of `pcm`), at `sampleRate`. */
export function wavFile(pcm: Int16Array, sampleRate: number, channels: number): Buffer {
  const data = Buffer.alloc(pcm.length * channels * 2);
  for (let i = 0; i < pcm.length; i++) {
    for (let c = 0; c < channels; c++) data.writeInt16LE(pcm[i] ?? 0, 2 * (i * channels + c));
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

export type EncodedFormat = 'ogg' | 'webm' | 'm4a' | 'mp3' | 'flac' | 'ogg-vorbis';

const ENCODERS: Record<EncodedFormat, { ext: string; args: (input: string, output: string) => [string, string[]] }> = {
  // opusenc writes Ogg Opus the way recorders of voice messages do.
  ogg: { ext: 'ogg', args: (i, o) => ['opusenc', ['--quiet', '--bitrate', '32', i, o]] },
  webm: { ext: 'webm', args: (i, o) => ['ffmpeg', ffmpegArgs(i, o, ['-c:a', 'libopus', '-b:a', '32k', '-f', 'webm'])] },
  m4a: { ext: 'm4a', args: (i, o) => ['ffmpeg', ffmpegArgs(i, o, ['-c:a', 'aac', '-b:a', '64k', '-f', 'ipod'])] },
  mp3: { ext: 'mp3', args: (i, o) => ['ffmpeg', ffmpegArgs(i, o, ['-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'])] },
  flac: { ext: 'flac', args: (i, o) => ['ffmpeg', ffmpegArgs(i, o, ['-c:a', 'flac', '-f', 'flac'])] },
  'ogg-vorbis': { ext: 'ogg', args: (i, o) => ['ffmpeg', ffmpegArgs(i, o, ['-c:a', 'libvorbis', '-f', 'ogg'])] },
};

function ffmpegArgs(input: string, output: string, codec: string[]): string[] {
  return ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-i', input, ...codec, output];
}

/** `pcm` (16 kHz mono) encoded with opusenc/ffmpeg; cached per run. */
export async function encodeFixture(pcm: Int16Array, format: EncodedFormat): Promise<Buffer> {
  const key = `${format}:${createHash('sha1').update(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength)).digest('hex')}`;
  const encoder = ENCODERS[format];
  const file = await cached(key, encoder.ext, async (target) => {
    const input = `${target}.in.wav`;
    await writeFile(input, wav16k(pcm));
    try {
      const [command, args] = encoder.args(input, target);
      await run(command, args);
    } finally {
      await rm(input, { force: true });
    }
  });
  return readFile(file);
}

// ---------------------------------------------------------------- RTP

/** @discordjs/opus's OpusEncoder, which also decodes. */
export interface OpusCodec {
  encode(pcm: Buffer): Buffer;
  decode(packet: Buffer): Buffer;
}
function isOpusModule(value: unknown): value is { OpusEncoder: new (rate: number, channels: number) => OpusCodec } {
  return typeof value === 'object' && value !== null && 'OpusEncoder' in value && typeof value.OpusEncoder === 'function';
}
const opusModule: unknown = createRequire(import.meta.url)('@discordjs/opus');

/** A 48 kHz stereo Opus codec (@discordjs/opus), as a Discord client uses. */
export function createOpusEncoder(): OpusCodec {
  if (!isOpusModule(opusModule)) throw new Error('@discordjs/opus did not load');
  return new opusModule.OpusEncoder(48000, 2);
}

/** Discord's "silence" frame, sent five times before a client stops transmitting. */
export const OPUS_SILENCE_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);

export interface RtpStreamOptions {
  startSequence?: number;
  startTimestamp?: number;
  /** Like a Discord client: after 5 silence frames, send nothing until speech resumes. Default true. */
  dropSilence?: boolean;
}

/** An RTP packet plus where it sits in the stream, for arrival times. */
export interface TimedPacket extends RtpOpusPacket {
  /** 20 ms frame index in the original signal (arrival time ≈ frame × 20 ms). */
  frame: number;
}

/** 16 kHz mono → 48 kHz stereo → Opus 20 ms frames with RTP numbering, as a Discord receive stream hands them over. */
export function toRtpPackets(pcm16k: Int16Array, options: RtpStreamOptions = {}): TimedPacket[] {
  const encoder = createOpusEncoder();
  const pcm48 = resampleMono(pcm16k, RATE, 48000);
  const frame = 960;
  const packets: TimedPacket[] = [];
  let sequence = options.startSequence ?? 0;
  const startTs = options.startTimestamp ?? 0;
  let silentRun = 0;
  const stereo = Buffer.alloc(frame * 4);
  for (let f = 0; f * frame < pcm48.length; f++) {
    let peak = 0;
    for (let i = 0; i < frame; i++) {
      const v = pcm48[f * frame + i] ?? 0;
      peak = Math.max(peak, Math.abs(v));
      stereo.writeInt16LE(v, 4 * i);
      stereo.writeInt16LE(v, 4 * i + 2);
    }
    silentRun = peak < 64 ? silentRun + 1 : 0;
    if (silentRun > 5 && options.dropSilence !== false) continue;
    const opus = silentRun > 0 ? OPUS_SILENCE_FRAME : encoder.encode(stereo);
    const timestamp = (startTs + f * frame) % 2 ** 32;
    packets.push({ sequence: sequence & 0xffff, timestamp, opus, frame: f });
    sequence++;
  }
  return packets;
}

import { prng } from './prng.js';
export { prng };

/** Loss, duplicates and local reordering (each packet moved at most `maxDisplacement` places). */
export function scramble(
  packets: readonly TimedPacket[],
  options: { lossRate?: number; duplicateRate?: number; reorderRate?: number; maxDisplacement?: number; seed?: number },
): TimedPacket[] {
  const random = prng(options.seed ?? 1);
  const out: TimedPacket[] = [];
  for (const p of packets) {
    if (random() < (options.lossRate ?? 0)) continue;
    out.push(p);
    if (random() < (options.duplicateRate ?? 0)) out.push(p);
  }
  const max = options.maxDisplacement ?? 2;
  for (let i = 0; i + 1 < out.length; i++) {
    if (random() >= (options.reorderRate ?? 0)) continue;
    const j = Math.min(out.length - 1, i + 1 + Math.floor(random() * max));
    const a = out[i];
    const b = out[j];
    if (a && b) {
      out[i] = b;
      out[j] = a;
    }
    i = j; // never move a packet twice, so none is displaced by more than `maxDisplacement`
  }
  return out;
}
