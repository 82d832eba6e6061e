import { endianness } from 'node:os';
import type { AnswerAudio } from './types.js';

export interface EncodeWavOptions {
  /**
   * Cut silence before the first and after the last speech segment (keeping `TRIM_MARGIN_SEC` of it), so a
   * transcriber is not fed silence it may hallucinate on. Silence between segments is kept.
   */
  trim?: boolean;
}

/** Kept around speech when trimming, so soft word onsets and endings are not clipped. */
export const TRIM_MARGIN_SEC = 0.25;

/** The [start, end) sample range encodeWav would keep. */
export function trimRange(audio: AnswerAudio): { start: number; end: number } {
  const first = audio.speech[0];
  const last = audio.speech.at(-1);
  if (!first || !last) return { start: 0, end: 0 };
  const rate = audio.sampleRate;
  const start = Math.max(0, Math.floor((first.start - TRIM_MARGIN_SEC) * rate));
  const end = Math.min(audio.pcm.length, Math.ceil((last.end + TRIM_MARGIN_SEC) * rate));
  return { start, end: Math.max(start, end) };
}

/**
 * A 16-bit mono PCM WAV as its 44-byte header and a view of the answer's own samples: what is sent to a
 * transcriber, without a second copy of the answer (a minute of 16 kHz audio is 1.92 MB).
 */
export interface WavUpload {
  readonly header: Buffer;
  /** Shares memory with the captured answer; never written to. */
  readonly samples: Int16Array;
  readonly sampleRate: number;
  /** Header plus sample bytes: the size of the file this stands for. */
  readonly byteLength: number;
}

export const WAV_HEADER_BYTES = 44;

/** The canonical 44-byte header of a 16-bit mono PCM WAV holding `dataBytes` of samples. */
export function wavHeader(sampleRate: number, dataBytes: number): Buffer {
  const out = Buffer.alloc(WAV_HEADER_BYTES);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'latin1');
  out.write('fmt ', 12, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(dataBytes, 40);
  return out;
}

/** The answer (trimmed to its speech with `trim`) as a WAV upload; the samples are a view, not a copy. */
export function wavUpload(audio: AnswerAudio, options: EncodeWavOptions = {}): WavUpload {
  const { start, end } = options.trim ? trimRange(audio) : { start: 0, end: audio.pcm.length };
  const samples = audio.pcm.subarray(start, end);
  const header = wavHeader(audio.sampleRate, samples.byteLength);
  return { header, samples, sampleRate: audio.sampleRate, byteLength: header.length + samples.byteLength };
}

/** Samples per chunk when they must be byte-swapped (big-endian hosts): bounded extra memory. */
const SWAP_CHUNK_SAMPLES = 16_384;

/** The WAV's bytes in order: the header, then the samples as they are in memory (WAV is little-endian). */
export function* wavChunks(wav: WavUpload): Generator<Uint8Array> {
  yield wav.header;
  const { samples } = wav;
  if (endianness() === 'LE') {
    if (samples.length > 0) yield new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
    return;
  }
  for (let at = 0; at < samples.length; at += SWAP_CHUNK_SAMPLES) {
    const part = samples.subarray(at, at + SWAP_CHUNK_SAMPLES);
    const bytes = Buffer.alloc(part.length * 2);
    for (let i = 0; i < part.length; i++) bytes.writeInt16LE(part[i] ?? 0, 2 * i);
    yield bytes;
  }
}
