import { createRequire } from 'node:module';
import { SAMPLE_RATE } from './constants.js';

/** Decodes single Opus packets to 16 kHz mono: libopus band-limits and downmixes itself, so nothing is resampled. */
export interface OpusPacketDecoder {
  readonly backend: '@discordjs/opus' | 'opusscript';
  decode(packet: Buffer): Int16Array;
  /** Frees WASM memory (opusscript); a no-op for the native binding. */
  release(): void;
}

/** The parts of @discordjs/opus's OpusEncoder this project uses (it encodes and decodes). */
export interface NativeOpus {
  decode(packet: Buffer): Buffer;
  encode(pcm: Buffer): Buffer;
  setBitrate(bitrate: number): void;
  applyEncoderCTL(ctl: number, value: number): void;
}
/** The parts of opusscript's codec this project uses; its encode takes the frame size in samples. */
export interface ScriptOpus {
  decode(packet: Buffer): Buffer;
  encode(pcm: Buffer, frameSize: number): Buffer;
  setBitrate(bitrate: number): void;
  encoderCTL(ctl: number, value: number): void;
  delete(): void;
}
type NativeCtor = new (rate: number, channels: number) => NativeOpus;
type ScriptCtor = new (rate: number, channels: number, application: number) => ScriptOpus;

const require = createRequire(import.meta.url);
/** opusscript's OPUS_APPLICATION_AUDIO; a decoder ignores it, the constructor wants one. */
export const APPLICATION_AUDIO = 2049;

function isNativeModule(value: unknown): value is { OpusEncoder: NativeCtor } {
  return typeof value === 'object' && value !== null && 'OpusEncoder' in value && typeof value.OpusEncoder === 'function';
}

function isScriptCtor(value: unknown): value is ScriptCtor {
  return typeof value === 'function' && 'Application' in value;
}

let native: NativeCtor | null | undefined;
let script: ScriptCtor | null | undefined;

/** @discordjs/opus's codec class, or null when the addon did not build or load here. */
export function loadNative(): NativeCtor | null {
  if (native !== undefined) return native;
  try {
    const mod: unknown = require('@discordjs/opus');
    native = isNativeModule(mod) ? mod.OpusEncoder : null;
  } catch {
    native = null; // the addon did not build or load on this machine
  }
  return native;
}

/** opusscript's codec class (libopus in WASM), or null when it is not installed. */
export function loadScript(): ScriptCtor | null {
  if (script !== undefined) return script;
  try {
    const mod: unknown = require('opusscript');
    script = isScriptCtor(mod) ? mod : null;
  } catch {
    script = null;
  }
  return script;
}

/** PCM bytes from either binding, viewed as samples (copied only if the bytes are not 2-aligned). */
function asSamples(bytes: Buffer): Int16Array {
  if (bytes.byteOffset % 2 === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
  const copy = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < copy.length; i++) copy[i] = bytes.readInt16LE(2 * i);
  return copy;
}

/** @discordjs/opus (native libopus) when it loads, else opusscript (libopus in WASM, ~1.3× slower). */
export function createOpusDecoder(prefer: 'native' | 'wasm' = 'native'): OpusPacketDecoder {
  const Native = prefer === 'native' ? loadNative() : null;
  if (Native) {
    const decoder = new Native(SAMPLE_RATE, 1);
    return { backend: '@discordjs/opus', decode: (p) => asSamples(decoder.decode(p)), release: () => undefined };
  }
  const Script = loadScript();
  if (!Script) throw new Error('No Opus decoder: neither @discordjs/opus nor opusscript could be loaded');
  const decoder = new Script(SAMPLE_RATE, 1, APPLICATION_AUDIO);
  let released = false;
  return {
    backend: 'opusscript',
    // opusscript returns a view into its WASM heap that the next call overwrites: copy it out.
    decode: (p) => asSamples(decoder.decode(p)).slice(),
    release: () => {
      if (!released) decoder.delete();
      released = true;
    },
  };
}
