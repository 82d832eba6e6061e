import type { PauseStats } from '../audio/types.js';

/** A character range in the analysed text, for marking fillers in a transcript excerpt. */
export interface TextSpan {
  start: number;
  end: number;
}

export interface FillerStats {
  total: number;
  perMinute: number | null;
  byWord: Record<string, number>;
  spans: TextSpan[];
}

export interface HedgeStats {
  total: number;
  byPhrase: Record<string, number>;
}

/** Sentence-initial "so", "well", "okay", "right": counted apart from fillers, they do not lower the score. */
export interface DiscourseMarkerStats {
  total: number;
  byWord: Record<string, number>;
}

export type PaceBand = 'slow' | 'good' | 'fast';

export interface PaceStats {
  wpm: number | null;
  band: PaceBand | null;
}

export interface TextAnalysis {
  transcript: string;
  durationSec: number | null;
  wordCount: number;
  fillers: FillerStats;
  hedges: HedgeStats;
  discourseMarkers: DiscourseMarkerStats;
  repetitions: { total: number; examples: string[] };
  pace: PaceStats;
  pauses: PauseStats;
  /** From the first to the last word, when word timestamps are known. */
  speakingSec: number | null;
}

/** Recommended pace band (words per minute), as used by Microsoft's Speaker Coach. */
export const PACE_BAND = { min: 100, max: 165 } as const;
/** A gap between words counts as a pause from this length on. */
export const PAUSE_THRESHOLD_SEC = 1;
