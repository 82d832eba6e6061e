import { SAMPLE_RATE } from './constants.js';

/**
 * Short-time features of a stretch of 16 kHz audio, for telling a filled pause ("uhhh", "ummm") from speech,
 * breath and silence. Frames of 30 ms every 10 ms.
 *
 * - energyDb: RMS level in dBFS.
 * - periodicity: the highest normalised autocorrelation over lags of 2.5–16 ms (F0 400–62.5 Hz), computed on the
 *   frame halved to 8 kHz (a [1 2 1] low-pass, every other sample) because that is 4× cheaper and F0 lies far below
 *   4 kHz. Vowels and nasals are near 1; breath and fricative noise stay low.
 * - f0: 8000 / lag of that peak, refined so a lag at a multiple of the period (octave-down error) is not picked.
 * - cepstrum: LPC cepstrum c1…c12 of the pre-emphasised, Hamming-windowed frame — a smooth spectral envelope, so the
 *   distance between two frames says how much the formants moved.
 * Costs about 30 k multiply-adds per frame; callers only analyse the stretches no word covers.
 */
export const FRAME_HOP_SEC = 0.01;
export const FRAME_HOP = SAMPLE_RATE * FRAME_HOP_SEC;
const FRAME_LENGTH = Math.round(SAMPLE_RATE * 0.03);
const HALF_RATE = SAMPLE_RATE / 2;
const HALF_LENGTH = FRAME_LENGTH / 2;
const MIN_LAG = Math.round(HALF_RATE / 400);
const MAX_LAG = Math.round(HALF_RATE / 62.5);
export const LPC_ORDER = 12;
const PRE_EMPHASIS = 0.97;
const SILENT_DB = -100;

export interface VoiceFrame {
  /** Start of the frame in samples from the start of the audio. */
  start: number;
  energyDb: number;
  periodicity: number;
  f0: number | null;
  cepstrum: Float64Array;
}

const HAMMING = Float64Array.from({ length: FRAME_LENGTH }, (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (FRAME_LENGTH - 1)));

/** Frames whose starts lie in [fromSample, toSample) and which fit inside the signal. */
export function voiceFrames(pcm: Int16Array, fromSample: number, toSample: number): VoiceFrame[] {
  const frames: VoiceFrame[] = [];
  const raw = new Float64Array(FRAME_LENGTH + 2 * MAX_LAG + 2);
  const half = new Float64Array(HALF_LENGTH + MAX_LAG);
  const windowed = new Float64Array(FRAME_LENGTH);
  const end = Math.min(toSample, pcm.length - FRAME_LENGTH);
  for (let start = Math.max(0, fromSample); start < end; start += FRAME_HOP) {
    const available = Math.min(raw.length, pcm.length - start);
    for (let i = 0; i < raw.length; i++) raw[i] = i < available ? (pcm[start + i] ?? 0) / 32768 : 0;
    let energy = 0;
    for (let i = 0; i < FRAME_LENGTH; i++) energy += (raw[i] ?? 0) ** 2;
    const energyDb = energy > 0 ? Math.max(SILENT_DB, 10 * Math.log10(energy / FRAME_LENGTH)) : SILENT_DB;
    for (let i = 0; i < half.length; i++) half[i] = 0.25 * ((raw[2 * i - 1] ?? 0) + 2 * (raw[2 * i] ?? 0) + (raw[2 * i + 1] ?? 0));
    const { periodicity, lag } = energy > 0 ? bestPeriod(half) : { periodicity: 0, lag: 0 };
    for (let i = 0; i < FRAME_LENGTH; i++) {
      const previous = i > 0 ? (raw[i - 1] ?? 0) : 0;
      windowed[i] = ((raw[i] ?? 0) - PRE_EMPHASIS * previous) * (HAMMING[i] ?? 0);
    }
    frames.push({ start, energyDb, periodicity, f0: lag > 0 ? HALF_RATE / lag : null, cepstrum: lpcCepstrum(windowed) });
  }
  return frames;
}

/** Normalised cross-correlation of the frame with itself shifted by each lag; the best lag and its value. */
function bestPeriod(x: Float64Array): { periodicity: number; lag: number } {
  const values = new Float64Array(MAX_LAG + 1);
  let best = 0;
  let bestLag = 0;
  for (let lag = MIN_LAG; lag <= MAX_LAG; lag++) {
    let cross = 0;
    let e0 = 0;
    let e1 = 0;
    for (let i = 0; i < HALF_LENGTH; i++) {
      const a = x[i] ?? 0;
      const b = x[i + lag] ?? 0;
      cross += a * b;
      e0 += a * a;
      e1 += b * b;
    }
    const r = e0 > 0 && e1 > 0 ? cross / Math.sqrt(e0 * e1) : 0;
    values[lag] = r;
    if (r > best) {
      best = r;
      bestLag = lag;
    }
  }
  // Multiples of the period correlate as well as the period: take the shortest lag nearly as good as the best.
  for (let lag = MIN_LAG; lag < bestLag; lag++) {
    const r = values[lag] ?? 0;
    if (r >= 0.9 * best && r >= (values[lag - 1] ?? 0) && r >= (values[lag + 1] ?? 0)) return { periodicity: best, lag };
  }
  return { periodicity: best, lag: bestLag };
}

/** LPC (autocorrelation method, Levinson–Durbin) turned into cepstral coefficients c1…cp. */
function lpcCepstrum(frame: Float64Array): Float64Array {
  const p = LPC_ORDER;
  const r = new Float64Array(p + 1);
  for (let k = 0; k <= p; k++) {
    let sum = 0;
    for (let i = k; i < frame.length; i++) sum += (frame[i] ?? 0) * (frame[i - k] ?? 0);
    r[k] = sum;
  }
  const cepstrum = new Float64Array(p);
  const r0 = r[0] ?? 0;
  if (r0 <= 0) return cepstrum;
  r[0] = r0 * (1 + 1e-9); // a touch of white noise keeps the recursion stable on pure tones
  const a = new Float64Array(p + 1);
  const tmp = new Float64Array(p + 1);
  let error = r[0] ?? 0;
  for (let i = 1; i <= p; i++) {
    let acc = r[i] ?? 0;
    for (let j = 1; j < i; j++) acc -= (a[j] ?? 0) * (r[i - j] ?? 0);
    const k = acc / error;
    tmp.set(a);
    a[i] = k;
    for (let j = 1; j < i; j++) a[j] = (tmp[j] ?? 0) - k * (tmp[i - j] ?? 0);
    error *= 1 - k * k;
    if (error <= 0) break;
  }
  // Cepstrum of the all-pole model 1 / (1 − Σ a_j z^-j).
  for (let n = 1; n <= p; n++) {
    let c = a[n] ?? 0;
    for (let k = 1; k < n; k++) c += (k / n) * (cepstrum[k - 1] ?? 0) * (a[n - k] ?? 0);
    cepstrum[n - 1] = c;
  }
  return cepstrum;
}

/** Euclidean distance between two cepstra. */
export function cepstralDistance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
  return Math.sqrt(sum);
}
