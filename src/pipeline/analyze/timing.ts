import type { PauseStats } from '../audio/types.js';
import type { TranscriptWord } from '../transcribe/types.js';
import { PACE_BAND, PAUSE_THRESHOLD_SEC, type PaceBand } from './types.js';

export function paceBand(wpm: number): PaceBand {
  if (wpm < PACE_BAND.min) return 'slow';
  if (wpm > PACE_BAND.max) return 'fast';
  return 'good';
}

/** Pauses between consecutive words: gaps of at least one second. */
export function pausesFromWords(words: readonly TranscriptWord[]): PauseStats {
  let count = 0;
  let longest = 0;
  let total = 0;
  for (let i = 1; i < words.length; i++) {
    const prev = words[i - 1];
    const word = words[i];
    if (!prev || !word) continue;
    const gap = word.start - prev.end;
    if (gap >= PAUSE_THRESHOLD_SEC) {
      count++;
      total += gap;
      longest = Math.max(longest, gap);
    }
  }
  return { count, longestSec: round2(longest), totalSec: round2(total) };
}

/** Seconds from the first word's start to the last word's end, or null without timestamps. */
export function speakingSpan(words: readonly TranscriptWord[]): number | null {
  const first = words[0];
  const last = words.at(-1);
  if (!first || !last || last.end <= first.start) return null;
  return last.end - first.start;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
