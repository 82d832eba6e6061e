// One audio workload in a fresh process, for the audio bench: bundled to plain JavaScript (bench/bundleScript.ts)
// so a cold start costs what Node costs, not a TypeScript loader, and so valgrind can count its instructions.
//   node audioWorkload.mjs <variant> <input> <reps>
// `input` is a packet file (see writePacketFile) for the in-process variants, an Ogg Opus file for `file`.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { decodeAudioFile, measureAudio, PacketTimeline } from '../src/pipeline/audio/index.js';
import { createOpusDecoder } from '../src/pipeline/audio/opusDecoder.js';

export const WORKLOAD_VARIANTS = ['bare48', 'bare16', 'whole', 'file'] as const;
export type WorkloadVariant = (typeof WORKLOAD_VARIANTS)[number];

const FRAME_TICKS = 960;

/** Opus packets as `u32 count` then `u16 length, bytes` each: readable without a container parser. */
export function packetFile(packets: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.alloc(4)];
  parts[0]?.writeUInt32LE(packets.length, 0);
  for (const p of packets) {
    const len = Buffer.alloc(2);
    len.writeUInt16LE(p.length, 0);
    parts.push(len, p);
  }
  return Buffer.concat(parts);
}

function readPackets(data: Buffer): Buffer[] {
  const count = data.readUInt32LE(0);
  const packets: Buffer[] = [];
  let at = 4;
  for (let i = 0; i < count; i++) {
    const len = data.readUInt16LE(at);
    packets.push(data.subarray(at + 2, at + 2 + len));
    at += 2 + len;
  }
  return packets;
}

interface NativeOpus {
  decode(packet: Buffer): Buffer;
}

function isOpusCtor(value: unknown): value is { OpusEncoder: new (rate: number, channels: number) => NativeOpus } {
  return typeof value === 'object' && value !== null && 'OpusEncoder' in value && typeof value.OpusEncoder === 'function';
}

/** @discordjs/opus at Discord's own format (48 kHz stereo): what receiving voice costs before anything else. */
export function bare48(packets: readonly Buffer[]): void {
  const mod: unknown = createRequire(import.meta.url)('@discordjs/opus');
  if (!isOpusCtor(mod)) throw new Error('@discordjs/opus did not load');
  const decoder = new mod.OpusEncoder(48000, 2);
  for (const p of packets) decoder.decode(p);
}

/** The same library asked for the pipeline's own output, 16 kHz mono (libopus band-limits and downmixes itself). */
export function bare16(packets: readonly Buffer[]): void {
  const decoder = createOpusDecoder();
  for (const p of packets) decoder.decode(p);
  decoder.release();
}

/** The live path: jitter buffer, decode to 16 kHz mono, VAD, then pauses, pitch and loudness. */
export function whole(packets: readonly Buffer[]): void {
  let now = 0;
  const timeline = new PacketTimeline({ maxDurationSec: (packets.length * 20) / 1000 + 5, now: () => now });
  for (let i = 0; i < packets.length; i++) {
    now = i * 20;
    timeline.push({ sequence: (40000 + i) & 0xffff, timestamp: (4_000_000_000 + i * FRAME_TICKS) % 2 ** 32, opus: packets[i] ?? Buffer.alloc(0) });
  }
  measureAudio(timeline.finish());
}

/** Runs `variant` `reps` times on `input`; prints one JSON line so a cold run can be checked for having worked. */
export async function runWorkload(variant: WorkloadVariant, input: string, reps: number): Promise<string> {
  const data = await readFile(input);
  if (variant === 'file') {
    let speech = 0;
    for (let i = 0; i < reps; i++) {
      const audio = await decodeAudioFile(data);
      measureAudio(audio);
      speech = audio.speech.length;
    }
    return JSON.stringify({ variant, reps, speech });
  }
  const packets = readPackets(data);
  const fn = { bare48, bare16, whole }[variant];
  for (let i = 0; i < reps; i++) fn(packets);
  return JSON.stringify({ variant, reps, packets: packets.length });
}

function isVariant(value: string | undefined): value is WorkloadVariant {
  return (WORKLOAD_VARIANTS as readonly (string | undefined)[]).includes(value);
}

// Run as a script (the bundle), not when the bench imports packetFile.
if (process.argv[1]?.endsWith('audioWorkload.mjs')) {
  const [variant, input, reps] = process.argv.slice(2);
  if (!isVariant(variant) || !input) throw new Error(`usage: audioWorkload.mjs <${WORKLOAD_VARIANTS.join('|')}> <input> [reps]`);
  process.stdout.write(`${await runWorkload(variant, input, Number(reps ?? 1))}\n`);
}
