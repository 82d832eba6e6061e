import type { TimeSpan } from './types.js';

export interface UncoveredStretch extends TimeSpan {
  /** The stretch begins where a word ends (not where the VAD heard speech begin). */
  afterWord: boolean;
}

/** Parts of the speech spans that no word overlaps, at least `minSec` long, in time order. */
export function uncoveredStretches(speech: readonly TimeSpan[], words: readonly TimeSpan[], minSec: number): UncoveredStretch[] {
  const sorted = [...words].filter((w) => Number.isFinite(w.start) && Number.isFinite(w.end) && w.end > w.start).sort((a, b) => a.start - b.start);
  const stretches: UncoveredStretch[] = [];
  let next = 0;
  for (const span of speech) {
    let cursor = span.start;
    let afterWord = false;
    // Words that ended before this span cannot cover it.
    while (next < sorted.length && (sorted[next]?.end ?? 0) <= span.start) next++;
    for (let k = next; k < sorted.length; k++) {
      const word = sorted[k];
      if (!word || word.start >= span.end) break;
      if (word.start - cursor >= minSec) stretches.push({ start: cursor, end: word.start, afterWord });
      if (word.end > cursor) {
        cursor = word.end;
        afterWord = true;
      }
    }
    if (span.end - cursor >= minSec) stretches.push({ start: cursor, end: span.end, afterWord });
  }
  return stretches;
}
