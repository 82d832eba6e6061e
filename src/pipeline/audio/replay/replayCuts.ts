import { MIN_PAUSE_SEC } from '../pauseStats.js';
import type { TimeSpan } from '../types.js';

export interface ReplayCutInput {
  durationSec: number;
  /** Speech found by the VAD: the gaps between its spans are the pauses. */
  speech: readonly TimeSpan[];
  /** Fillers as the transcript's word timestamps place them ("um", "you know"). */
  fillers: readonly TimeSpan[];
  /** Filled pauses heard in the audio that no word accounts for (detectHesitations). */
  hesitations: readonly TimeSpan[];
}

/**
 * How much of the answer is left around each cut. A pause keeps a short breath on each side, so sentences do not run
 * together; a filler's cut starts a little after its word's start and ends a little before its end, since word
 * timestamps are approximate and clipping the next word is worse than a trace of the "um".
 */
export const REPLAY_CUT = {
  pauseKeepSec: 0.15,
  wordPadSec: 0.02,
  /** Cuts closer than this are one cut: a sliver of audio between two cuts only clicks. */
  joinGapSec: 0.05,
  /** Shorter cuts are left alone: nobody hears them, and each joint costs a fade. */
  minCutSec: 0.06,
} as const;

/** Silence longer than MIN_PAUSE_SEC, between speech and at either end, shortened to a breath on each side. */
function pauseCuts(speech: readonly TimeSpan[], durationSec: number): TimeSpan[] {
  const cuts: TimeSpan[] = [];
  const keep = REPLAY_CUT.pauseKeepSec;
  const first = speech[0];
  const last = speech.at(-1);
  if (!first || !last) return cuts;
  if (first.start > MIN_PAUSE_SEC) cuts.push({ start: 0, end: first.start - keep });
  for (let i = 1; i < speech.length; i++) {
    const before = speech[i - 1];
    const after = speech[i];
    if (before && after && after.start - before.end > MIN_PAUSE_SEC) cuts.push({ start: before.end + keep, end: after.start - keep });
  }
  if (durationSec - last.end > MIN_PAUSE_SEC) cuts.push({ start: last.end + keep, end: durationSec });
  return cuts;
}

/** Overlapping and nearly touching spans joined, in time order. */
export function mergeSpans(spans: readonly TimeSpan[], joinGapSec = 0): TimeSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: TimeSpan[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end + joinGapSec) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** The stretches "Hear it without the ums" leaves out: fillers, hesitations and pauses over 1 s, merged. */
export function replayCuts(input: ReplayCutInput): TimeSpan[] {
  const pad = REPLAY_CUT.wordPadSec;
  const words = [...input.fillers, ...input.hesitations].map((s) => ({ start: s.start + pad, end: s.end - pad }));
  const all = [...pauseCuts(input.speech, input.durationSec), ...words]
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(input.durationSec, s.end) }))
    .filter((s) => s.end > s.start);
  return mergeSpans(all, REPLAY_CUT.joinGapSec).filter((s) => s.end - s.start >= REPLAY_CUT.minCutSec);
}
