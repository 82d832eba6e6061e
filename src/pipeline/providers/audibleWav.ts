import { UserFacingError } from '../../errors.js';
import { readWavMono } from '../audio/readWavMono.js';
import type { WavUpload } from '../audio/wavUpload.js';

/** Shorter than this cannot hold a word; Whisper would only invent one. */
export const MIN_AUDIO_SEC = 0.25;
/** Peak below this (about −54 dBFS) is silence or line noise, whatever the VAD said. */
export const MIN_PEAK = 64;

export interface AudibleWav {
  pcm: Int16Array;
  sampleRate: number;
  durationSec: number;
}

/**
 * The last guard before a transcriber: the caller checks speech with a VAD, but an empty or silent WAV must
 * never reach Whisper, which answers silence with "Thank you for watching" (and bills it).
 */
export function readAudibleWav(wav: Buffer | WavUpload): AudibleWav {
  // An upload's samples are read where they are; only a WAV file's bytes need decoding.
  const { pcm, sampleRate } = Buffer.isBuffer(wav) ? readWavMono(wav) : { pcm: wav.samples, sampleRate: wav.sampleRate };
  const durationSec = pcm.length / sampleRate;
  let peak = 0;
  for (let i = 0; i < pcm.length && peak < MIN_PEAK; i++) peak = Math.max(peak, Math.abs(pcm[i] ?? 0));
  if (durationSec < MIN_AUDIO_SEC || peak < MIN_PEAK) {
    throw new UserFacingError('no_speech', "I couldn't hear anything in that recording. Check your microphone and try again.");
  }
  return { pcm, sampleRate, durationSec };
}
