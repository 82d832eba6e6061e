import { prng } from './prng.js';
/**
 * Sounds for the hesitation clips, made from first principles at 16 kHz: a sustained "uhhh"/"ummm" (glottal pulses
 * through formant resonators), a breath (band-passed noise) and a held word-final vowel (the word's own last pitch
 * period repeated). All take a seeded random source so a clip set is the same on every run.
 */
const RATE = 16000;

export type Random = () => number;

/** Seeded, so the same clip comes out every run. */
export const seededRandom: (seed: number) => Random = prng;

export interface FilledPauseOptions {
  durationSec: number;
  /** Starting F0 in Hz. */
  f0: number;
  /** F0 change over the whole sound, in semitones (fillers usually fall a little). */
  driftSemitones: number;
  /** 'uh' is a steady central vowel; 'um' moves to a nasal murmur after 40 % of its length. */
  kind: 'uh' | 'um';
  /** Peak amplitude, 0–1 of full scale. */
  amplitude: number;
  random: Random;
}

const VOWELS: readonly (readonly [number, number, number])[] = [
  [500, 1500, 2500], // schwa
  [620, 1200, 2450], // "uh" as in "cut"
  [560, 1450, 1750], // "er"
];
const NASAL: readonly [number, number, number] = [260, 1050, 2250];
const BANDWIDTHS = [80, 100, 140] as const;

export function filledPause(options: FilledPauseOptions): Int16Array {
  const { random } = options;
  const n = Math.round(options.durationSec * RATE);
  const vowel = VOWELS[Math.floor(random() * VOWELS.length)] ?? VOWELS[0] ?? [500, 1500, 2500];
  const source = new Float64Array(n);
  let phase = 0;
  let previousPulse = 0;
  let jitter = 1;
  for (let i = 0; i < n; i++) {
    const t = i / n;
    const f0 = options.f0 * 2 ** ((options.driftSemitones * t) / 12) * jitter;
    phase += f0 / RATE;
    if (phase >= 1) {
      phase -= 1;
      jitter = 1 + (random() - 0.5) * 0.01; // 0.5 % cycle-to-cycle jitter, as in a steady human voice
    }
    const pulse = rosenberg(phase);
    source[i] = pulse - previousPulse; // lip radiation: the derivative of the glottal flow
    previousPulse = pulse;
  }
  const out = new Float64Array(n);
  const nasalFrom = options.kind === 'um' ? Math.round(n * 0.4) : n;
  const glide = Math.round(0.05 * RATE);
  for (let f = 0; f < 3; f++) {
    const state = { y1: 0, y2: 0 };
    for (let i = 0; i < n; i++) {
      const towardsNasal = Math.min(1, Math.max(0, (i - nasalFrom) / glide));
      const freq = (vowel[f] ?? 500) * (1 - towardsNasal) + (NASAL[f] ?? 260) * towardsNasal;
      const gain = f === 0 ? 1 : 1 - 0.7 * towardsNasal; // nasals lose their upper formants
      out[i] = (out[i] ?? 0) + gain * resonate(source[i] ?? 0, freq, BANDWIDTHS[f] ?? 100, state);
    }
  }
  return scaleWithEnvelope(out, options.amplitude, 0.04, 0.07);
}

/** Rosenberg glottal pulse: open phase 40 %, closing 16 %, closed the rest. */
function rosenberg(phase: number): number {
  if (phase < 0.4) return 0.5 * (1 - Math.cos((Math.PI * phase) / 0.4));
  if (phase < 0.56) return Math.cos((Math.PI * (phase - 0.4)) / 0.32);
  return 0;
}

/** Two-pole resonator at `freq` Hz with bandwidth `bw` Hz (unity gain at DC). */
function resonate(x: number, freq: number, bw: number, state: { y1: number; y2: number }): number {
  const c = -Math.exp((-2 * Math.PI * bw) / RATE);
  const b = 2 * Math.exp((-Math.PI * bw) / RATE) * Math.cos((2 * Math.PI * freq) / RATE);
  const a = 1 - b - c;
  const y = a * x + b * state.y1 + c * state.y2;
  state.y2 = state.y1;
  state.y1 = y;
  return y;
}

/** An audible breath: white noise band-passed around 1–3 kHz, swelling and fading. */
export function breath(durationSec: number, amplitude: number, random: Random): Int16Array {
  const n = Math.round(durationSec * RATE);
  const out = new Float64Array(n);
  const low = { y1: 0, y2: 0 };
  const high = { y1: 0, y2: 0 };
  for (let i = 0; i < n; i++) {
    const white = random() * 2 - 1;
    out[i] = resonate(white, 1200, 900, low) + 0.6 * resonate(white, 2600, 1200, high);
  }
  return scaleWithEnvelope(out, amplitude, durationSec * 0.4, durationSec * 0.5);
}

/**
 * The word's last vowel held on: its final pitch period (found by autocorrelation in the last 60 ms of voicing)
 * repeated for `durationSec`, fading out. The caller cuts the word at `cutAt` (where its voicing fades) and appends
 * the vowel there, as a speaker stretching "sooo" does.
 */
export function heldVowel(word: Int16Array, durationSec: number): { cutAt: number; vowel: Int16Array } {
  const tail = 0.06 * RATE;
  let end = word.length;
  while (end > tail && Math.abs(word[end - 1] ?? 0) < 500) end--;
  const from = end - tail;
  let bestLag = 100;
  let best = -Infinity;
  for (let lag = 40; lag <= 250; lag++) {
    let sum = 0;
    for (let i = from; i + lag < end; i++) sum += (word[i] ?? 0) * (word[i + lag] ?? 0);
    const normalised = sum / (end - from - lag);
    if (normalised > best) {
      best = normalised;
      bestLag = lag;
    }
  }
  const period = word.subarray(end - bestLag, end);
  const n = Math.round(durationSec * RATE);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (period[i % bestLag] ?? 0) / 32768;
  const peak = Math.max(...Array.from(period, (v) => Math.abs(v))) / 32768;
  return { cutAt: end, vowel: scaleWithEnvelope(out, peak, 0, 0.08) };
}

function scaleWithEnvelope(x: Float64Array, amplitude: number, fadeInSec: number, fadeOutSec: number): Int16Array {
  let peak = 0;
  for (const v of x) peak = Math.max(peak, Math.abs(v));
  const scale = peak > 0 ? amplitude / peak : 0;
  const fadeIn = Math.max(1, Math.round(fadeInSec * RATE));
  const fadeOut = Math.max(1, Math.round(fadeOutSec * RATE));
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const rise = fadeInSec > 0 ? Math.min(1, i / fadeIn) : 1;
    const fall = Math.min(1, (x.length - i) / fadeOut);
    const envelope = 0.5 - 0.5 * Math.cos(Math.PI * Math.min(rise, fall));
    out[i] = Math.round(Math.max(-1, Math.min(1, (x[i] ?? 0) * scale * envelope)) * 32767);
  }
  return out;
}
