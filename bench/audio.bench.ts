// The live audio path on one core: 60 s of 48 kHz stereo Opus packets → 16 kHz mono → VAD → prosody, against bare
// Opus decoding of the same packets and against ffmpeg converting the same packets (as an Ogg file) to 16 kHz WAV,
// all measured in this run. Then memory while capturing 10 minutes.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decodeAudioFile, detectSpeech, measureAudio, PacketTimeline, SpeexResampler } from '../src/pipeline/audio/index.js';
import { createOpusDecoder } from '../src/pipeline/audio/opusDecoder.js';
import type { AnswerAudio, RtpOpusPacket } from '../src/pipeline/audio/types.js';
import { concat, createOpusEncoder, synthesizeAnswer, toRtpPackets, type TimedPacket } from '../test/helpers/audioFixtures.js';
import { writeOggOpus } from '../test/audio/oggOpusWriter.js';

const SECONDS = 60;
const RUNS = 7;
const CAPTURE_MINUTES = 10;
const exec = promisify(execFile);

setFlagsFromString('--expose-gc');
const gcValue: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
function gc(): void {
  if (typeof gcValue === 'function') gcValue();
}

interface Timing {
  median: number;
  min: number;
}

async function time(fn: () => unknown): Promise<Timing> {
  await fn(); // warm-up: JIT, WASM, caches
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    gc();
    const started = performance.now();
    await fn();
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  return { median: runs[Math.floor(runs.length / 2)] ?? NaN, min: runs[0] ?? NaN };
}

/** 60 s of the spoken fixture (phrases with 0.5–3 s silences), as continuous 20 ms packets. */
async function makePackets(): Promise<TimedPacket[]> {
  const fixture = await synthesizeAnswer();
  const pieces: Int16Array[] = [];
  for (let n = 0; n < SECONDS * 16000; n += fixture.pcm.length) pieces.push(fixture.pcm);
  const pcm = concat(pieces).subarray(0, SECONDS * 16000);
  return toRtpPackets(pcm, { dropSilence: false, startSequence: 40000, startTimestamp: 4_000_000_000 });
}

function liveAnswer(packets: readonly TimedPacket[]): AnswerAudio {
  let now = 0;
  const timeline = new PacketTimeline({ maxDurationSec: SECONDS + 5, now: () => now });
  for (const p of packets) {
    now = p.frame * 20;
    timeline.push(p);
  }
  return timeline.finish();
}

function bareDecode(packets: readonly RtpOpusPacket[]): void {
  const decoder = createOpusEncoder48kStereoDecoder();
  for (const p of packets) decoder.decode(p.opus);
}

/** @discordjs/opus at Discord's own format: what receiving voice costs before anything else is done. */
function createOpusEncoder48kStereoDecoder(): { decode(packet: Buffer): Buffer } {
  return createOpusEncoder();
}

/** The route the field notes measured: decode at 48 kHz stereo, downmix, Speex 48 → 16 kHz. */
function decode48kAndResample(packets: readonly RtpOpusPacket[]): void {
  const decoder = createOpusEncoder48kStereoDecoder();
  const resampler = new SpeexResampler(48000, 16000);
  const mono = new Int16Array(2880);
  for (const p of packets) {
    const pcm = decoder.decode(p.opus);
    const frames = pcm.length >> 2;
    for (let i = 0; i < frames; i++) mono[i] = (pcm.readInt16LE(4 * i) + pcm.readInt16LE(4 * i + 2)) >> 1;
    resampler.process(mono.subarray(0, frames), () => undefined);
  }
  resampler.destroy();
}

function decode16kMono(packets: readonly RtpOpusPacket[]): Int16Array {
  const decoder = createOpusDecoder();
  const out = new Int16Array(packets.length * 320);
  let at = 0;
  for (const p of packets) {
    const s = decoder.decode(p.opus);
    out.set(s, at);
    at += s.length;
  }
  decoder.release();
  return out;
}

interface MemoryFigures {
  pcmBytes: number;
  rssGrowth: number;
  peakRssGrowth: number;
  heapGrowth: number;
  externalGrowth: number;
  arrayBuffersGrowth: number;
}

/** Captures `CAPTURE_MINUTES` of packets into one timeline, sampling memory every second of audio. */
function captureMemory(packets: readonly TimedPacket[]): MemoryFigures {
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let now = 0;
  const timeline = new PacketTimeline({ maxDurationSec: CAPTURE_MINUTES * 60 + 5, now: () => now });
  for (let minute = 0; minute < CAPTURE_MINUTES; minute++) {
    for (const p of packets) {
      const frame = minute * SECONDS * 50 + p.frame;
      now = frame * 20;
      timeline.push({ sequence: (p.sequence + minute * packets.length) & 0xffff, timestamp: (p.timestamp + minute * SECONDS * 48000) % 2 ** 32, opus: p.opus });
      if (frame % 50 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }
  }
  const answer = timeline.finish();
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  gc();
  const after = process.memoryUsage();
  const figures = {
    pcmBytes: answer.pcm.byteLength,
    rssGrowth: after.rss - before.rss,
    peakRssGrowth: peakRss - before.rss,
    heapGrowth: after.heapUsed - before.heapUsed,
    externalGrowth: after.external - before.external,
    arrayBuffersGrowth: after.arrayBuffers - before.arrayBuffers,
  };
  if (answer.durationSec < CAPTURE_MINUTES * 60 - 1) throw new Error(`captured only ${answer.durationSec} s`);
  return figures;
}

const ms = (t: Timing): string => `${t.median.toFixed(1)} ms (min ${t.min.toFixed(1)})`;
const xrt = (t: Timing): string => `${Math.round((SECONDS * 1000) / t.median)}×`;
// Decimal megabytes (10⁶ bytes), as in the target "≤ 2 MB per captured minute".
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
const mbPerMin = (bytes: number): string => `${(bytes / 1e6 / CAPTURE_MINUTES).toFixed(2)} MB/min`;

export async function run(): Promise<string> {
  const packets = await makePackets();
  const opusBytes = packets.reduce((n, p) => n + p.opus.length, 0);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'interview-coach-audio-bench-'));
  try {
    const oggPath = path.join(dir, 'answer.ogg');
    const ogg = writeOggOpus(packets.map((p) => p.opus), { channels: 2 });
    await writeFile(oggPath, ogg);

    const bare = await time(() => bareDecode(packets));
    const whole = await time(() => measureAudio(liveAnswer(packets)));
    const timelineOnly = await time(() => liveAnswer(packets));
    const decodeOnly = await time(() => decode16kMono(packets));
    const pcm = decode16kMono(packets);
    const vadOnly = await time(() => detectSpeech(pcm, 16000));
    const answer = liveAnswer(packets);
    const prosodyOnly = await time(() => measureAudio(answer));
    const resampleRoute = await time(() => decode48kAndResample(packets));
    const fileRoute = await time(async () => measureAudio(await decodeAudioFile(ogg)));
    const ffmpegConvert = (input: string) => () =>
      exec('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-i', input, '-ac', '1', '-ar', '16000', path.join(dir, 'out.wav')]);
    const ffmpeg = await time(ffmpegConvert(oggPath));
    const shortPath = path.join(dir, 'short.ogg');
    await writeFile(shortPath, writeOggOpus(packets.slice(0, 50).map((p) => p.opus), { channels: 2 }));
    const ffmpegStartup = await time(ffmpegConvert(shortPath));
    const memory = captureMemory(packets);
    const metrics = measureAudio(answer);
    const ratio = whole.median / bare.median;

    return [
      '## Audio pipeline (live RTP Opus → 16 kHz mono → VAD → prosody)',
      '',
      `Input: ${SECONDS} s of espeak-ng speech with 0.5–3 s silences, as ${packets.length} Opus packets of 20 ms, 48 kHz stereo ` +
        `(${Math.round((opusBytes * 8) / SECONDS / 1000)} kbps, @discordjs/opus encoder), on one core. Median of ${RUNS} runs after a warm-up, ` +
        `garbage collected before each. Found ${answer.speech.length} speech segments, ${metrics.pauses.count} pauses ≥ 1 s, ` +
        `pitch SD ${metrics.pitchVariabilitySemitones ?? '–'} st, loudness SD ${metrics.loudnessVariabilityDb ?? '–'} dB.`,
      '',
      '| path | time | × realtime | vs bare decode |',
      '|---|---|---|---|',
      `| baseline: bare Opus decode at 48 kHz stereo (@discordjs/opus) | ${ms(bare)} | ${xrt(bare)} | 1.00× |`,
      `| **whole path: \`PacketTimeline\` (jitter buffer, decode to 16 kHz mono, VAD) + \`measureAudio\` (pauses, pitch, loudness)** | **${ms(whole)}** | **${xrt(whole)}** | **${ratio.toFixed(2)}×** |`,
      `| of which: \`PacketTimeline\` push + finish | ${ms(timelineOnly)} | ${xrt(timelineOnly)} | ${(timelineOnly.median / bare.median).toFixed(2)}× |`,
      `| of which: Opus decode straight to 16 kHz mono | ${ms(decodeOnly)} | ${xrt(decodeOnly)} | ${(decodeOnly.median / bare.median).toFixed(2)}× |`,
      `| of which: VAD (\`detectSpeech\`) | ${ms(vadOnly)} | ${xrt(vadOnly)} | ${(vadOnly.median / bare.median).toFixed(2)}× |`,
      `| of which: \`measureAudio\` (YIN on ≤ 400 voiced frames at 8 kHz, loudness) | ${ms(prosodyOnly)} | ${xrt(prosodyOnly)} | ${(prosodyOnly.median / bare.median).toFixed(2)}× |`,
      `| not taken: decode 48 kHz stereo, downmix, Speex 48 → 16 kHz | ${ms(resampleRoute)} | ${xrt(resampleRoute)} | ${(resampleRoute.median / bare.median).toFixed(2)}× |`,
      `| same packets as an Ogg file: \`decodeAudioFile\` + \`measureAudio\` | ${ms(fileRoute)} | ${xrt(fileRoute)} | ${(fileRoute.median / bare.median).toFixed(2)}× |`,
      `| baseline: \`ffmpeg -i same.ogg -ac 1 -ar 16000 out.wav\` (process incl. start-up) | ${ms(ffmpeg)} | ${xrt(ffmpeg)} | ${(ffmpeg.median / bare.median).toFixed(2)}× |`,
      `| of which: ffmpeg start-up (same command on the first 1 s) | ${ms(ffmpegStartup)} | – | ${(ffmpegStartup.median / bare.median).toFixed(2)}× |`,
      '',
      `Target ≤ 2× bare decoding: ${ratio <= 2 ? 'met' : 'missed'} (${ratio.toFixed(2)}×). ` +
        `The whole in-process path takes ${(whole.median / ffmpeg.median).toFixed(2)}× the time of ffmpeg merely converting the same audio to WAV ` +
        `(no VAD or prosody; ${ms(ffmpegStartup)} of it is process start-up, so ffmpeg's decoding itself is ` +
        `${Math.max(0, ffmpeg.median - ffmpegStartup.median).toFixed(1)} ms); the file route (\`decodeAudioFile\` + \`measureAudio\`) ` +
        `takes ${(fileRoute.median / ffmpeg.median).toFixed(2)}× ffmpeg's time.`,
      '',
      `Memory while capturing ${CAPTURE_MINUTES} min into one \`PacketTimeline\` (same packets renumbered, \`process.memoryUsage()\` ` +
        'before and after, with forced GC; the samples grow in place in one resizable ArrayBuffer, so there is no copy at the end):',
      '',
      '| measure | total | per captured minute |',
      '|---|---|---|',
      `| 16 kHz mono samples held (the floor: 1.92 MB/min) | ${mb(memory.pcmBytes)} | ${mbPerMin(memory.pcmBytes)} |`,
      `| **RSS growth after capture** | **${mb(memory.rssGrowth)}** | **${mbPerMin(memory.rssGrowth)}** |`,
      `| peak RSS growth during capture (sampled every second of audio, garbage not yet collected) | ${mb(memory.peakRssGrowth)} | ${mbPerMin(memory.peakRssGrowth)} |`,
      `| JS heap growth | ${mb(memory.heapGrowth)} | ${mbPerMin(memory.heapGrowth)} |`,
      `| external memory growth (V8 \`external\`; the resizable buffer is counted here) | ${mb(memory.externalGrowth)} | ${mbPerMin(memory.externalGrowth)} |`,
      `| of which \`arrayBuffers\` (does not count resizable buffers) | ${mb(memory.arrayBuffersGrowth)} | ${mbPerMin(memory.arrayBuffersGrowth)} |`,
      '',
      `Target ≤ 2 MB per captured minute: ${Math.max(memory.rssGrowth, memory.peakRssGrowth) / CAPTURE_MINUTES <= 2e6 ? 'met' : 'missed'} ` +
        '(peak and after capture; the samples alone need 1.92).',
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
