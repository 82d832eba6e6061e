import { YIN } from 'pitchfinder';
import { SAMPLE_RATE } from './constants.js';
import { frameEnergyDb } from './EnergyVad.js';
import { halveRateWindow } from './halveRate.js';
import type { TimeSpan } from './types.js';

/**
 * Pitch and loudness variation over the speech of an answer.
 *
 * Pitch: F0 from pitchfinder's YIN on 32 ms windows brought down to 8 kHz (a half-band low-pass, then every other sample) (YIN's cost grows with the square
 * of the window; at 8 kHz a window still covers F0 down to 62.5 Hz), only on loud frames inside speech segments (the
 * voiced ones: vowels carry the intonation). At most MAX_PITCH_FRAMES frames, spread evenly, are analysed: the spread
 * of a few hundred F0 values is already stable, and the cost stays flat for long answers. Each F0 is expressed in
 * semitones from the answer's median F0 (12·log2(f / median)); values more than an octave away are taken for YIN
 * octave errors and dropped. The result is the standard deviation in semitones; around 2 or less sounds monotone.
 *
 * Loudness: RMS level in dB of 200 ms windows lying inside speech segments (word/phrase scale, not the vowel/consonant
 * flicker of 20 ms frames), leaving out windows more than 20 dB below the loudest tenth (gaps between words);
 * standard deviation in dB.
 */
const PITCH_RATE = 8000;
const PITCH_WINDOW = 300; // pitchfinder analyses the largest power of two below the length: 256 samples = 32 ms
const FRAME = SAMPLE_RATE / 50; // 20 ms hop between candidate frames
export const MAX_PITCH_FRAMES = 400;
const MIN_PITCH_VALUES = 20;
const MIN_F0 = 60;
const MAX_F0 = 400;
/** Frames this far below the loudest tenth of speech frames are not vowels. */
const VOICED_BELOW_P90_DB = 15;
const LOUDNESS_WINDOW = SAMPLE_RATE / 5;
const MIN_LOUDNESS_WINDOWS = 3;
const LOUDNESS_BELOW_P90_DB = 20;

const detectPitch = YIN({ sampleRate: PITCH_RATE, threshold: 0.15 });

export function pitchVariabilitySemitones(pcm: Int16Array, speech: readonly TimeSpan[]): number | null {
  const candidates = voicedFrameStarts(pcm, speech);
  if (candidates.length < MIN_PITCH_VALUES) return null;
  const stride = Math.max(1, candidates.length / MAX_PITCH_FRAMES);
  const window = new Float32Array(PITCH_WINDOW);
  const f0: number[] = [];
  for (let k = 0; k < candidates.length; k += stride) {
    // Only the analysed windows are brought down to 8 kHz, so the cost stays flat however long the answer is:
    // a 5-minute answer does not resample 5 minutes of audio when it ends.
    const at = candidates[Math.floor(k)] ?? 0;
    if (at + 2 * PITCH_WINDOW > pcm.length) break;
    const hz = detectPitch(halveRateWindow(pcm, at, PITCH_WINDOW, window));
    if (hz !== null && hz >= MIN_F0 && hz <= MAX_F0) f0.push(hz);
  }
  if (f0.length < MIN_PITCH_VALUES) return null;
  const median = quantile(f0, 0.5);
  const semitones = f0.map((hz) => 12 * Math.log2(hz / median)).filter((st) => Math.abs(st) <= 12);
  if (semitones.length < MIN_PITCH_VALUES) return null;
  return round2(standardDeviation(semitones));
}

export function loudnessVariabilityDb(pcm: Int16Array, speech: readonly TimeSpan[]): number | null {
  const all: number[] = [];
  for (const span of speech) {
    const end = Math.min(pcm.length, Math.floor(span.end * SAMPLE_RATE));
    for (let s = Math.floor(span.start * SAMPLE_RATE); s + LOUDNESS_WINDOW <= end; s += LOUDNESS_WINDOW) {
      all.push(frameEnergyDb(pcm, s, s + LOUDNESS_WINDOW));
    }
  }
  if (all.length === 0) return null;
  // Gaps between words inside a segment are silence, not a quiet way of speaking.
  const floor = quantile(all, 0.9) - LOUDNESS_BELOW_P90_DB;
  const levels = all.filter((db) => db >= floor);
  if (levels.length < MIN_LOUDNESS_WINDOWS) return null;
  return round2(standardDeviation(levels));
}

/** Starts (in samples) of 20 ms frames inside speech whose energy is near the loud end of the speech. */
function voicedFrameStarts(pcm: Int16Array, speech: readonly TimeSpan[]): number[] {
  const starts: number[] = [];
  const energies: number[] = [];
  for (const span of speech) {
    const end = Math.min(pcm.length, Math.floor(span.end * SAMPLE_RATE));
    for (let s = Math.floor(span.start * SAMPLE_RATE); s + FRAME <= end; s += FRAME) {
      starts.push(s);
      energies.push(frameEnergyDb(pcm, s, s + FRAME));
    }
  }
  if (energies.length === 0) return [];
  const threshold = quantile(energies, 0.9) - VOICED_BELOW_P90_DB;
  return starts.filter((_, i) => (energies[i] ?? -Infinity) >= threshold);
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function standardDeviation(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / values.length);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
