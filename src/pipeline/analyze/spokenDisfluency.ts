import type { Hesitations } from '../audio/detectHesitations.js';
import type { TranscriptWord } from '../transcribe/types.js';
import { disfluencyClusters, type DisfluencyCluster, type DisfluencyEvent } from './disfluencyClusters.js';
import { fillerTimes } from './fillerTimes.js';
import type { TextAnalysis } from './types.js';

/** What the audio adds to the transcript's filler count: hesitations, their rate, and the moments things bunched up. */
export interface SpokenDisfluency {
  /** Null when not measured (no audio, or no word timestamps to tell words from the rest). */
  hesitations: Hesitations | null;
  hesitationsPerMinute: number | null;
  clusters: DisfluencyCluster[];
}

/**
 * Joins the transcript's fillers (timed by the word timestamps they match) with the hesitations found in the audio.
 * Fillers whose time is unknown (no word timestamps) cannot be placed and are left out of the clusters.
 */
export function spokenDisfluency(
  analysis: TextAnalysis,
  words: readonly TranscriptWord[],
  hesitations: Hesitations | null,
  durationSec: number | null,
): SpokenDisfluency {
  const events: DisfluencyEvent[] = fillerTimes(analysis.transcript, analysis.fillers.spans, words).map((at) => ({ at, kind: 'filler' }));
  for (const span of hesitations?.spans ?? []) events.push({ at: span.start, kind: 'hesitation' });
  const minutes = durationSec !== null && durationSec > 0 ? durationSec / 60 : null;
  return {
    hesitations,
    hesitationsPerMinute: hesitations && minutes !== null ? Math.round((hesitations.total / minutes) * 10) / 10 : null,
    clusters: disfluencyClusters(events),
  };
}
