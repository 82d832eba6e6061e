import type { PauseStats, TimeSpan } from './types.js';

/** A silence between speech counts as a pause from this length on (the same threshold as word-timestamp pauses). */
export const MIN_PAUSE_SEC = 1;

/** Pauses are the gaps between consecutive speech segments; silence before the first and after the last is not a pause. */
export function pausesBetween(speech: readonly TimeSpan[], minPauseSec = MIN_PAUSE_SEC): PauseStats {
  let count = 0;
  let longest = 0;
  let total = 0;
  for (let i = 1; i < speech.length; i++) {
    const previous = speech[i - 1];
    const current = speech[i];
    if (!previous || !current) continue;
    const gap = current.start - previous.end;
    if (gap < minPauseSec) continue;
    count++;
    total += gap;
    longest = Math.max(longest, gap);
  }
  return { count, longestSec: round2(longest), totalSec: round2(total) };
}

export function speechSeconds(speech: readonly TimeSpan[]): number {
  return round2(speech.reduce((sum, s) => sum + (s.end - s.start), 0));
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
