import { SAMPLE_RATE } from './constants.js';
import { frameEnergyDb } from './EnergyVad.js';
import { uncoveredStretches } from './uncoveredStretches.js';
import { cepstralDistance, FRAME_HOP_SEC, LPC_ORDER, voiceFrames, type VoiceFrame } from './voiceFrames.js';
import type { TimeSpan } from './types.js';

/** Filled pauses heard in the audio that no transcribed word accounts for. */
export interface Hesitations {
  total: number;
  spans: TimeSpan[];
}

export interface HesitationInput {
  /** 16 kHz mono PCM of the whole answer. */
  pcm: Int16Array;
  /** Speech found by the VAD. */
  speech: readonly TimeSpan[];
  /** Word timestamps from the transcriber, seconds on the same timeline. */
  words: readonly TimeSpan[];
}

/**
 * Filled pauses ("uhhh", "ummm") that the transcript left out, after Goto, Itou & Hayamizu (1999): a filled pause is
 * sustained voicing with a nearly constant F0 and a stable spectral envelope.
 *
 * 1. Stretches of VAD speech that no word covers, at least 150 ms long (`uncoveredStretches`).
 * 2. Inside each, runs of voiced frames: periodicity ≥ 0.6 and loud enough to be part of the answer's speech (within
 *    25 dB of its loud end), one-frame dropouts bridged. Breaths and other noise are not periodic: they end here.
 * 3. A run is a hesitation when it lasts ≥ 150 ms, its F0 stays within 3 semitones (10th–90th percentile) and its
 *    LPC-cepstral envelope barely moves: between frames 20 ms apart the cepstral distance has a median ≤ 0.3 and an
 *    80th percentile ≤ 0.5 (an "um" may glide into its nasal once). Speech the transcriber skipped (a word it
 *    missed) changes formants every few tens of milliseconds and fails this test. On the synthetic set these
 *    figures separate fillers (median ≤ 0.25, 80th ≤ 0.37) from missed words (≥ 0.33, ≥ 0.54); real voices are
 *    rougher than synthetic ones, so the limits sit near the missed words' end of the gap, leaving fillers room.
 * 4. Word-final lengthening ("sooo", "theee") is the last vowel of a word held on; the transcriber's word end may fall
 *    anywhere inside it. A run that starts within 60 ms of a word's end, with voicing unbroken across that end (and
 *    for the 80 ms before it) and the same envelope on both sides (cepstral distance ≤ 0.8 between the 30 ms before
 *    and after), is that vowel held on, not a filler. The 80 ms matter when the transcriber's word end overshoots
 *    into a filler said after a short break: the break then lies inside the look-back and the filler still counts
 *    (on the benchmark's clips with word times off by ±50 ms this took recall from 0.93 to 0.99, at the cost of two
 *    held vowels counted as fillers). A filler said straight after a word without a break but on a different vowel still counts; one
 *    on the very same vowel is missed (by design: it cannot be told from lengthening by these cues).
 * Without word timestamps every vowel would be "uncovered", so the caller gets null there (nothing measured).
 */
export function detectHesitations(input: HesitationInput): Hesitations | null {
  if (input.words.length === 0) return null;
  const loudRef = speechLoudnessDb(input.pcm, input.speech);
  const spans: TimeSpan[] = [];
  for (const stretch of uncoveredStretches(input.speech, input.words, MIN_HESITATION_SEC)) {
    const from = Math.max(0, Math.floor((stretch.start - CONTEXT_SEC) * SAMPLE_RATE));
    const frames = voiceFrames(input.pcm, from, Math.floor(stretch.end * SAMPLE_RATE));
    const voicedFloor = loudRef - VOICED_BELOW_LOUD_DB;
    const voiced = frames.map((f) => f.periodicity >= MIN_PERIODICITY && f.energyDb >= voicedFloor);
    const firstInside = frames.findIndex((f) => f.start >= stretch.start * SAMPLE_RATE - 1);
    if (firstInside < 0) continue;
    for (const run of voicedRuns(voiced, firstInside)) {
      const runFrames = frames.slice(run.first, run.last + 1);
      const start = Math.max(stretch.start, (frames[run.first]?.start ?? 0) / SAMPLE_RATE);
      const end = Math.min(stretch.end, (frames[run.last]?.start ?? 0) / SAMPLE_RATE + FRAME_SEC);
      if (end - start < MIN_HESITATION_SEC) continue;
      if (!steadyPitch(runFrames) || !stableEnvelope(runFrames)) continue;
      if (stretch.afterWord && heldOnFromWord(frames, voiced, firstInside, run.first)) continue;
      spans.push({ start: round2(start), end: round2(end) });
    }
  }
  return { total: spans.length, spans };
}

export const MIN_HESITATION_SEC = 0.15;
const FRAME_SEC = 0.03;
const CONTEXT_SEC = 0.1;
const MIN_PERIODICITY = 0.6;
const VOICED_BELOW_LOUD_DB = 25;
const MAX_F0_RANGE_ST = 3;
const MAX_MEDIAN_CEPSTRAL_STEP = 0.3;
const MAX_P80_CEPSTRAL_STEP = 0.5;
const LENGTHENING_GAP_SEC = 0.06;
const LENGTHENING_MAX_CEPSTRAL = 0.8;
const LENGTHENING_VOICED_BEFORE_SEC = 0.08;
/** Frames bridged inside a voiced run (a 10 ms periodicity dip is not the end of the sound). */
const MAX_DROPOUT = 1;

/** Runs of `true`, starting at or after `from`, with single-frame dropouts bridged. */
function voicedRuns(voiced: readonly boolean[], from: number): { first: number; last: number }[] {
  const runs: { first: number; last: number }[] = [];
  let first = -1;
  let last = -1;
  for (let i = from; i < voiced.length; i++) {
    if (voiced[i]) {
      if (first < 0) first = i;
      last = i;
    } else if (first >= 0 && i - last > MAX_DROPOUT) {
      runs.push({ first, last });
      first = -1;
    }
  }
  if (first >= 0) runs.push({ first, last });
  return runs;
}

function steadyPitch(frames: readonly VoiceFrame[]): boolean {
  const f0 = frames.map((f) => f.f0).filter((v): v is number => v !== null);
  if (f0.length < 3) return false;
  const median = quantile(f0, 0.5);
  const semitones = f0.map((hz) => 12 * Math.log2(hz / median));
  return quantile(semitones, 0.9) - quantile(semitones, 0.1) <= MAX_F0_RANGE_ST;
}

/** Envelope change between frames 20 ms apart: small for the middle and for four fifths of the run. */
function stableEnvelope(frames: readonly VoiceFrame[]): boolean {
  const steps: number[] = [];
  for (let i = 2; i < frames.length; i++) {
    const a = frames[i];
    const b = frames[i - 2];
    if (a && b) steps.push(cepstralDistance(a.cepstrum, b.cepstrum));
  }
  return steps.length > 0 && quantile(steps, 0.5) <= MAX_MEDIAN_CEPSTRAL_STEP && quantile(steps, 0.8) <= MAX_P80_CEPSTRAL_STEP;
}

/** The run starts at a word's end, voicing carries on across it and the envelope is the same on both sides. */
function heldOnFromWord(frames: readonly VoiceFrame[], voiced: readonly boolean[], boundary: number, runFirst: number): boolean {
  const gapFrames = Math.round(LENGTHENING_GAP_SEC / FRAME_HOP_SEC);
  if (runFirst - boundary > gapFrames) return false;
  const before = frames.slice(Math.max(0, boundary - 3), boundary);
  // The held vowel began inside the word: voiced for a while before the word's end. A word end that overshoots into
  // a filler after a short break sees that break within this look-back instead.
  const lookBack = Math.round(LENGTHENING_VOICED_BEFORE_SEC / FRAME_HOP_SEC);
  if (before.length === 0 || boundary < lookBack || !voiced.slice(boundary - lookBack, boundary).every(Boolean)) return false;
  // Voicing unbroken from the word into the run.
  if (!voiced.slice(boundary, runFirst).every(Boolean)) return false;
  const after = frames.slice(runFirst, runFirst + 3);
  return cepstralDistance(meanCepstrum(before), meanCepstrum(after)) <= LENGTHENING_MAX_CEPSTRAL;
}

function meanCepstrum(frames: readonly VoiceFrame[]): Float64Array {
  const mean = new Float64Array(LPC_ORDER);
  for (const f of frames) for (let i = 0; i < LPC_ORDER; i++) mean[i] = (mean[i] ?? 0) + (f.cepstrum[i] ?? 0) / frames.length;
  return mean;
}

/** 90th percentile of 20 ms frame levels over the speech: the loud end of this speaker's voice. */
function speechLoudnessDb(pcm: Int16Array, speech: readonly TimeSpan[]): number {
  const frame = SAMPLE_RATE / 50;
  const levels: number[] = [];
  for (const span of speech) {
    const end = Math.min(pcm.length, Math.floor(span.end * SAMPLE_RATE));
    for (let s = Math.floor(span.start * SAMPLE_RATE); s + frame <= end; s += frame) levels.push(frameEnergyDb(pcm, s, s + frame));
  }
  return levels.length ? quantile(levels, 0.9) : -30;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
