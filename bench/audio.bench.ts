// The live audio path on one core: 60 s of 48 kHz stereo Opus packets → 16 kHz mono → VAD → prosody, against bare
// Opus decoding of the same packets to the same output (16 kHz mono; 48 kHz stereo as context), with instruction
// counts where valgrind is present. Then the file route as a cold process against ffmpeg as a cold process (its
// default decoder and libopus), and memory while capturing 10 minutes. Variants are interleaved round by round.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeAudioFile, detectSpeech, measureAudio, PacketTimeline, SpeexResampler } from '../src/pipeline/audio/index.js';
import type { AnswerAudio } from '../src/pipeline/audio/types.js';
import { concat, createOpusEncoder, synthesizeAnswer, toRtpPackets, type TimedPacket } from '../test/helpers/audioFixtures.js';
import { writeOggOpus } from '../test/audio/oggOpusWriter.js';
import { bare16, bare48, packetFile, whole } from './audioWorkload.js';
import { bundleScript } from './bundleScript.js';
import { formatInstructions, instructionsPerPass, noInstructionsNote, tryCountInstructions, valgrindVersion } from './instructions.js';
import { gc, interleavedTimings, type Timing } from './interleave.js';

const SECONDS = 60;
const ROUNDS = 9;
const COLD_ROUNDS = 7;
const CAPTURE_MINUTES = 10;
const exec = promisify(execFile);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

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

/** The route the field notes measured: decode at 48 kHz stereo, downmix, Speex 48 → 16 kHz. */
function decode48kAndResample(packets: readonly TimedPacket[]): void {
  const decoder = createOpusEncoder();
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
const x = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
// Decimal megabytes (10⁶ bytes), as in the target "≤ 2 MB per captured minute".
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
const mbPerMin = (bytes: number): string => `${(bytes / 1e6 / CAPTURE_MINUTES).toFixed(2)} MB/min`;

export async function run(): Promise<string> {
  const packets = await makePackets();
  const opus = packets.map((p) => p.opus);
  const opusBytes = opus.reduce((n, p) => n + p.length, 0);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'interview-coach-audio-bench-'));
  const bundle = await bundleScript('audioWorkload.ts');
  try {
    const oggPath = path.join(dir, 'answer.ogg');
    const ogg = writeOggOpus(opus, { channels: 2 });
    await writeFile(oggPath, ogg);
    const shortPath = path.join(dir, 'short.ogg');
    await writeFile(shortPath, writeOggOpus(opus.slice(0, 50), { channels: 2 }));
    const packetPath = path.join(dir, 'answer.packets');
    await writeFile(packetPath, packetFile(opus));

    // In process, warm: every variant once per round, the order rotating.
    const pcm = liveAnswer(packets).pcm;
    const answer = liveAnswer(packets);
    const warm = await interleavedTimings(
      {
        bare16: () => bare16(opus),
        bare48: () => bare48(opus),
        whole: () => whole(opus),
        timeline: () => liveAnswer(packets),
        vad: () => detectSpeech(pcm, 16000),
        prosody: () => measureAudio(answer),
        resample: () => decode48kAndResample(packets),
        fileRoute: async () => measureAudio(await decodeAudioFile(ogg)),
      },
      { rounds: ROUNDS },
    );

    // Cold processes: a fresh ffmpeg and a fresh node per run, the CLI as a user runs it.
    const ffmpegArgs = (input: string, decoder: string[]): string[] => [
      '-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...decoder, '-i', input, '-ac', '1', '-ar', '16000', path.join(dir, 'out.wav'),
    ];
    const cliEnv = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      DATABASE_PATH: path.join(dir, 'cli.db'),
      TRANSCRIBER_PROVIDER: 'none',
      QUESTION_PROVIDER: 'bank',
      EVALUATOR_PROVIDER: 'rubric',
    };
    const node = process.execPath;
    const cold = await interleavedTimings(
      {
        ffmpegDefault: () => exec('ffmpeg', ffmpegArgs(oggPath, [])),
        ffmpegLibopus: () => exec('ffmpeg', ffmpegArgs(oggPath, ['-c:a', 'libopus'])),
        script: () => exec(node, [bundle.file, 'file', oggPath, '1']),
        cli: () => exec(node, [path.join(root, 'bin', 'interview-coach.js'), 'analyze', '--audio', oggPath, '--json'], { cwd: dir, env: cliEnv }),
        ffmpegLibopusShort: () => exec('ffmpeg', ffmpegArgs(shortPath, ['-c:a', 'libopus'])),
        scriptShort: () => exec(node, [bundle.file, 'file', shortPath, '1']),
      },
      { rounds: COLD_ROUNDS },
    );
    const cliOut = await exec(node, [path.join(root, 'bin', 'interview-coach.js'), 'analyze', '--audio', oggPath, '--json'], { cwd: dir, env: cliEnv });
    if (!cliOut.stdout.includes('"pauses"')) throw new Error(`the CLI printed no analysis: ${cliOut.stdout.slice(0, 300)}`);

    const valgrind = await valgrindVersion();
    type Counted = 'bare16' | 'bare48' | 'whole' | 'ffmpegDefault' | 'ffmpegLibopus' | 'script';
    const instr: Partial<Record<Counted, number>> = {};
    const failures = new Map<string, string>();
    if (valgrind) {
      process.stderr.write('audio: counting instructions under callgrind (several minutes)\n');
      for (const variant of ['bare16', 'bare48', 'whole'] as const) {
        instr[variant] = await instructionsPerPass(node, (reps) => [bundle.file, variant, packetPath, String(reps)]);
      }
      const cold: [Counted, string, string[]][] = [
        ['ffmpegDefault', 'ffmpeg', ffmpegArgs(oggPath, [])],
        ['ffmpegLibopus', 'ffmpeg', ffmpegArgs(oggPath, ['-c:a', 'libopus'])],
        ['script', node, [bundle.file, 'file', oggPath, '1']],
      ];
      for (const [key, command, args] of cold) {
        const counted = await tryCountInstructions(command, args);
        if ('count' in counted) instr[key] = counted.count;
        else failures.set(command === 'ffmpeg' ? 'ffmpeg' : key, counted.failed);
      }
    }
    const memory = captureMemory(packets);
    const metrics = measureAudio(answer);
    const base = warm.bare16.median;
    const ratio = warm.whole.median / base;
    const ir = (key: Counted): string => formatInstructions(instr[key] ?? NaN);
    const irRatio = (a: Counted, b: Counted): string => {
      const [ia, ib] = [instr[a], instr[b]];
      return ia !== undefined && ib !== undefined ? x(ia, ib) : '–';
    };
    const counted = instr.whole !== undefined;
    const row = (label: string, t: Timing, instrCells = '– | –'): string =>
      `| ${label} | ${ms(t)} | ${xrt(t)} | ${x(t.median, base)} | ${x(t.median, warm.bare48.median)} | ${instrCells} |`;

    return [
      '## Audio pipeline (live RTP Opus → 16 kHz mono → VAD → prosody)',
      '',
      `Input: ${SECONDS} s of espeak-ng speech with 0.5–3 s silences, as ${packets.length} Opus packets of 20 ms, 48 kHz stereo ` +
        `(${Math.round((opusBytes * 8) / SECONDS / 1000)} kbps, @discordjs/opus encoder), on one core. Found ${answer.speech.length} speech segments, ` +
        `${metrics.pauses.count} pauses ≥ 1 s, pitch SD ${metrics.pitchVariabilitySemitones ?? '–'} st, loudness SD ${metrics.loudnessVariabilityDb ?? '–'} dB.`,
      '',
      `Warm, in this process: median of ${ROUNDS} rounds after a warm-up round; each round runs every row once, in an order that ` +
        'rotates from round to round, with a forced GC before each run. The baseline is the same library decoding the same packets ' +
        'to the pipeline\'s own output, 16 kHz mono; decoding to Discord\'s 48 kHz stereo does more work and is shown for context. ' +
        (counted
          ? `Instructions (valgrind callgrind, ${valgrind}) are per pass of the 60 s in a bundled script: 2 passes − 1 pass, ` +
            'so start-up and the first pass\'s JIT compilation cancel out; unlike times they do not move when the machine is shared.'
          : noInstructionsNote()),
      '',
      '| path | time | × realtime | vs bare decode to 16 kHz mono | vs bare decode to 48 kHz stereo | instructions | instructions vs 16 kHz mono decode |',
      '|---|---|---|---|---|---|---|',
      row('**baseline: bare Opus decode to 16 kHz mono (@discordjs/opus, the pipeline\'s own output)**', warm.bare16, `${ir('bare16')} | 1.00×`),
      row('context: bare Opus decode to 48 kHz stereo (Discord\'s format)', warm.bare48, `${ir('bare48')} | ${irRatio('bare48', 'bare16')}`),
      row(
        '**whole path: `PacketTimeline` (jitter buffer, decode to 16 kHz mono, VAD) + `measureAudio` (pauses, pitch, loudness)**',
        warm.whole,
        `**${ir('whole')}** | **${irRatio('whole', 'bare16')}**`,
      ),
      row('of which: `PacketTimeline` push + finish', warm.timeline),
      row('of which: VAD (`detectSpeech`)', warm.vad),
      row('of which: `measureAudio` (YIN on ≤ 400 voiced frames at 8 kHz, loudness)', warm.prosody),
      row('not taken: decode 48 kHz stereo, downmix, Speex 48 → 16 kHz', warm.resample),
      row('same packets as an Ogg file: `decodeAudioFile` + `measureAudio`', warm.fileRoute),
      '',
      (counted && instr.whole !== undefined && instr.bare16 !== undefined
        ? `Target ≤ 2× bare decoding to the same output, judged by instructions (the figure a shared machine does not move): ` +
          `${instr.whole / instr.bare16 <= 2 ? 'met' : 'missed'} (${irRatio('whole', 'bare16')}; ${ratio.toFixed(2)}× by time in this run)`
        : `Target ≤ 2× bare decoding to the same output: ${ratio <= 2 ? 'met' : 'missed'} (${ratio.toFixed(2)}× by time)`) +
        `. Against decoding to 48 kHz stereo, which costs ${x(warm.bare48.median, base)} the time of decoding to 16 kHz mono, it would look like ` +
        `${x(warm.whole.median, warm.bare48.median)}; that is not the fair baseline.`,
      '',
      `Cold processes, the same 60 s Ogg file to 16 kHz mono: median of ${COLD_ROUNDS} interleaved rounds (after one warm-up round, so ` +
        'files and binaries are in the page cache). The project\'s route is `decodeAudioFile` + `measureAudio` bundled to one JavaScript ' +
        'file run by a fresh `node` (no TypeScript loader), and the CLI as a user runs it; instructions count the whole process' +
        (!valgrind ? '.' : failures.size === 0 ? '.' : `; not for ${[...failures].map(([what, why]) => `${what}: ${why}`).join('; ')}, so those cells are empty and only times compare the two.`),
      '',
      '| process | time | vs ffmpeg with libopus | instructions | instructions vs ffmpeg with libopus |',
      '|---|---|---|---|---|',
      `| ffmpeg, default (built-in) Opus decoder: \`ffmpeg -i same.ogg -ac 1 -ar 16000 out.wav\` | ${ms(cold.ffmpegDefault)} | ${x(cold.ffmpegDefault.median, cold.ffmpegLibopus.median)} | ${ir('ffmpegDefault')} | ${irRatio('ffmpegDefault', 'ffmpegLibopus')} |`,
      `| **baseline: ffmpeg with libopus: \`ffmpeg -c:a libopus -i same.ogg -ac 1 -ar 16000 out.wav\`** | **${ms(cold.ffmpegLibopus)}** | **1.00×** | **${ir('ffmpegLibopus')}** | **${instr.ffmpegLibopus !== undefined ? '1.00×' : '–'}** |`,
      `| **project file route, cold: \`node audioWorkload.mjs file same.ogg\` (decode + VAD + pauses, pitch, loudness)** | **${ms(cold.script)}** | **${x(cold.script.median, cold.ffmpegLibopus.median)}** | **${ir('script')}** | **${irRatio('script', 'ffmpegLibopus')}** |`,
      `| the CLI: \`interview-coach analyze --audio same.ogg --json\` (launcher, tsx, config, database; transcription off) | ${ms(cold.cli)} | ${x(cold.cli.median, cold.ffmpegLibopus.median)} | – | – |`,
      `| of which start-up: ffmpeg with libopus on the first 1 s | ${ms(cold.ffmpegLibopusShort)} | ${x(cold.ffmpegLibopusShort.median, cold.ffmpegLibopus.median)} | – | – |`,
      `| of which start-up: project file route on the first 1 s | ${ms(cold.scriptShort)} | ${x(cold.scriptShort.median, cold.ffmpegLibopus.median)} | – | – |`,
      '',
      `Cold against cold, the project's file route takes ${x(cold.script.median, cold.ffmpegLibopus.median)} the time of ffmpeg with libopus ` +
        `(${x(cold.script.median, cold.ffmpegDefault.median)} of ffmpeg's default decoder) while also finding speech, pauses, pitch and loudness; ` +
        `without start-up (the 1 s runs subtracted) ${x(cold.script.median - cold.scriptShort.median, cold.ffmpegLibopus.median - cold.ffmpegLibopusShort.median)}. ` +
        `Warm in process it takes ${ms(warm.fileRoute)}: a running bot does not pay Node's start-up per answer.`,
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
    await bundle.remove();
    await rm(dir, { recursive: true, force: true });
  }
}
