import { PACE_BAND } from './types.js';

export interface DeliveryInputs {
  wpm: number | null;
  fillersPerMinute: number | null;
  /** Filled pauses heard in the audio that the transcript left out, per minute; they count as fillers. */
  hesitationsPerMinute?: number | null;
  hedgesPerMinute: number | null;
  /** Share of the answer spent in pauses of ≥ 1 s (0–1). */
  pauseRatio: number | null;
  longestPauseSec: number | null;
  pitchVariabilitySemitones: number | null;
  loudnessVariabilityDb: number | null;
}

export interface DeliveryScore {
  /** 0–100. */
  score: number;
  /** Each measured part's own 0–100 score, keyed pace, fillers, hedges, pauseRatio, longestPause, pitch, loudness. */
  parts: Record<string, number>;
  /** Short coaching notes for the parts that lost points, worst first. */
  notes: string[];
}

type PartName = 'pace' | 'fillers' | 'hedges' | 'pauseRatio' | 'longestPause' | 'pitch' | 'loudness';

/** Weights of the parts; they sum to 1 and are renormalised over the parts that were measured. */
export const DELIVERY_WEIGHTS: Readonly<Record<PartName, number>> = {
  pace: 0.25,
  fillers: 0.25,
  hedges: 0.1,
  pauseRatio: 0.1,
  longestPause: 0.1,
  pitch: 0.1,
  loudness: 0.1,
};

/** Reference points: full marks at `good`, none at `bad`, a straight line between. */
export const DELIVERY_REFERENCES = {
  paceSlowZeroWpm: 60,
  paceFastZeroWpm: 220,
  fillersPerMinute: { good: 1, bad: 8 },
  hedgesPerMinute: { good: 0.5, bad: 4 },
  pauseRatio: { good: 0.15, bad: 0.5 },
  longestPauseSec: { good: 3, bad: 10 },
  pitchSemitones: { good: 3, bad: 1, monotoneBelow: 2 },
  loudnessDb: { good: 4, bad: 1.5 },
} as const;

/**
 * The delivery ("confidence") score of a spoken answer, 0–100: how it was said, not what was said.
 *
 *   score = round( Σ wᵢ·partᵢ / Σ wᵢ )  over the parts whose input is a finite number (others are left out)
 *
 * | part          | weight | 100 points at        | 0 points at           |
 * |---------------|--------|----------------------|-----------------------|
 * | pace (wpm)    | 0.25   | 100–165 wpm          | ≤ 60 or ≥ 220 wpm     |
 * | fillers / min | 0.25   | ≤ 1                  | ≥ 8                   |  (transcript fillers + audio hesitations)
 * | hedges / min  | 0.10   | ≤ 0.5                | ≥ 4                   |
 * | pause ratio   | 0.10   | ≤ 0.15 of the answer | ≥ 0.5                 |
 * | longest pause | 0.10   | ≤ 3 s                | ≥ 10 s                |
 * | pitch SD      | 0.10   | ≥ 3 semitones        | ≤ 1 semitone          |
 * | loudness SD   | 0.10   | ≥ 4 dB               | ≤ 1.5 dB              |
 *
 * Each part is linear between its two reference points and clamped to 0–100. The pace band is Microsoft Speaker
 * Coach's; fillers and hedges are judged per minute so long answers are not punished for being long; pitch below
 * 2 semitones of variation is called monotone. With no measured part the score is 0 and a note says why.
 * docs/DELIVERY-SCORE.md carries the same table.
 */
export function computeDeliveryScore(inputs: DeliveryInputs): DeliveryScore {
  const parts: Record<string, number> = {};
  const lost: { note: string; loss: number }[] = [];
  let weighted = 0;
  let weights = 0;
  for (const part of PARTS) {
    const value = finite(part.value ? part.value(inputs) : (inputs[part.input] ?? null));
    if (value === null) continue;
    const score = part.score(value);
    const weight = DELIVERY_WEIGHTS[part.name];
    parts[part.name] = Math.round(score);
    weighted += weight * score;
    weights += weight;
    if (score < 100) lost.push({ note: part.note(value), loss: weight * (100 - score) });
  }
  if (weights === 0) return { score: 0, parts, notes: ['No delivery measurements were available.'] };
  lost.sort((a, b) => b.loss - a.loss);
  return { score: Math.round(weighted / weights), parts, notes: lost.map((l) => l.note) };
}

interface Part {
  name: PartName;
  input: keyof DeliveryInputs;
  /** When the part reads more than its one input. */
  value?(inputs: DeliveryInputs): number | null;
  score(value: number): number;
  note(value: number): string;
}

const R = DELIVERY_REFERENCES;
const BAND = `${PACE_BAND.min}–${PACE_BAND.max}`;

const PARTS: readonly Part[] = [
  {
    name: 'pace',
    input: 'wpm',
    score: paceScore,
    note: (wpm) =>
      wpm < PACE_BAND.min
        ? `Pace ${Math.round(wpm)} wpm is slow (aim for ${BAND}).`
        : `Pace ${Math.round(wpm)} wpm is fast (aim for ${BAND}) — slow down.`,
  },
  {
    name: 'fillers',
    input: 'fillersPerMinute',
    // An "uhhh" the transcriber dropped is as much a filler as one it wrote down.
    value: (inputs) => (inputs.fillersPerMinute === null ? null : inputs.fillersPerMinute + Math.max(0, finite(inputs.hesitationsPerMinute ?? null) ?? 0)),
    score: (v) => ramp(v, R.fillersPerMinute.good, R.fillersPerMinute.bad),
    note: (v) => `Fillers at ${one(v)}/min — pause silently instead of "um".`,
  },
  {
    name: 'hedges',
    input: 'hedgesPerMinute',
    score: (v) => ramp(v, R.hedgesPerMinute.good, R.hedgesPerMinute.bad),
    note: (v) => `Hedging ${one(v)}/min ("I think", "maybe") — state things plainly.`,
  },
  {
    name: 'pauseRatio',
    input: 'pauseRatio',
    score: (v) => ramp(v, R.pauseRatio.good, R.pauseRatio.bad),
    note: (v) => `${Math.round(v * 100)}% of the answer was long pauses — plan the next point before you stop.`,
  },
  {
    name: 'longestPause',
    input: 'longestPauseSec',
    score: (v) => ramp(v, R.longestPauseSec.good, R.longestPauseSec.bad),
    note: (v) => `Longest pause ${one(v)} s — bridge with "let me think about that" instead.`,
  },
  {
    name: 'pitch',
    input: 'pitchVariabilitySemitones',
    score: (v) => ramp(v, R.pitchSemitones.good, R.pitchSemitones.bad),
    note: (v) =>
      `${v < R.pitchSemitones.monotoneBelow ? 'Monotone' : 'Fairly flat'} pitch (varies ${one(v)} semitones) — stress key words.`,
  },
  {
    name: 'loudness',
    input: 'loudnessVariabilityDb',
    score: (v) => ramp(v, R.loudnessDb.good, R.loudnessDb.bad),
    note: (v) => `Even volume throughout (varies ${one(v)} dB) — let emphasis come through.`,
  },
];

function paceScore(wpm: number): number {
  if (wpm < PACE_BAND.min) return ramp(wpm, PACE_BAND.min, R.paceSlowZeroWpm);
  if (wpm > PACE_BAND.max) return ramp(wpm, PACE_BAND.max, R.paceFastZeroWpm);
  return 100;
}

/** 100 at `good`, 0 at `bad`, linear between, clamped; works whichever side `bad` is on. */
function ramp(value: number, good: number, bad: number): number {
  const t = (value - good) / (bad - good);
  return 100 * Math.min(1, Math.max(0, 1 - t));
}

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? Math.max(0, value) : null;
}

function one(value: number): string {
  return String(Math.round(value * 10) / 10);
}
