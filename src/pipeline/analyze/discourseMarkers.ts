import type { Token } from './tokenize.js';
import type { WordClass } from './wordClass.js';

/** Sentence openers that organise talk rather than fill it; reported apart from fillers. */
const MARKERS: Record<string, string> = { so: 'so', well: 'well', okay: 'okay', ok: 'okay', right: 'right' };

/** Words after a marker word that make it part of the sentence ("So far", "Right now", "Well tested"). */
const NOT_MARKER_NEXT: Record<string, ReadonlySet<string>> = {
  so: new Set(['far', 'much', 'many', 'long', 'few', 'little']),
  well: new Set(['known', 'done', 'enough']),
  right: new Set(['now', 'after', 'before', 'away', 'here', 'there', 'then', 'at', 'in', 'on', 'from', 'off', 'when', 'where', 'next']),
  okay: new Set(),
};

export interface DiscourseMarkerHit {
  marker: string;
  tokenIndex: number;
}

/**
 * Sentence-initial "so", "well", "okay", "right" (also after a filler or another marker: "Um, so…", "Okay so…").
 * Without punctuation only the text's start is known to open a sentence.
 */
export function findDiscourseMarkers(
  tokens: readonly Token[],
  isFiller: (index: number) => boolean,
  classAt: (index: number) => WordClass,
): DiscourseMarkerHit[] {
  const hits: DiscourseMarkerHit[] = [];
  let opening = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (token.sentenceStart) opening = true;
    if (!opening) continue;
    const marker = MARKERS[token.norm];
    const next = token.breakAfter ? undefined : tokens[i + 1];
    const blocked =
      marker !== undefined && next !== undefined &&
      (NOT_MARKER_NEXT[marker]?.has(next.norm) === true || (marker === 'well' && classAt(i + 1) === 'pastVerb'));
    if (marker !== undefined && !blocked) {
      hits.push({ marker, tokenIndex: i });
    } else if (!isFiller(i)) {
      opening = false;
    }
  }
  return hits;
}
