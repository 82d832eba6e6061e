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

/** 16-bit mono PCM WAV of the answer: the upload format every transcriber accepts. No speech and `trim` → no samples. */
export function encodeWav(audio: AnswerAudio, options: EncodeWavOptions = {}): Buffer {
  const { start, end } = options.trim ? trimRange(audio) : { start: 0, end: audio.pcm.length };
  const samples = audio.pcm.subarray(start, end);
  const dataBytes = samples.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'latin1');
  out.write('fmt ', 12, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(audio.sampleRate, 24);
  out.writeUInt32LE(audio.sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(dataBytes, 40);
  if (endianness() === 'LE') {
    Buffer.from(samples.buffer, samples.byteOffset, dataBytes).copy(out, 44);
  } else {
    for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i] ?? 0, 44 + 2 * i);
  }
  return out;
}
