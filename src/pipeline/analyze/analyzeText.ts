import type { TranscriptWord } from '../transcribe/types.js';
import { findDiscourseMarkers } from './discourseMarkers.js';
import { findFillers } from './fillers.js';
import { findHedges } from './hedges.js';
import { findRepetitions } from './repetitions.js';
import { paceBand, pausesFromWords, round1, speakingSpan } from './timing.js';
import { tokenize } from './tokenize.js';
import type { TextAnalysis } from './types.js';
import { lexiconWordClass } from './wordClass.js';

export interface AnalyzeTextInput {
  text: string;
  /** Length of the spoken answer, when known (audio duration). */
  durationSec?: number | null;
  /** Word timestamps from the transcriber, when it gives them. */
  words?: readonly TranscriptWord[];
}

/** Fillers, hedges, stumbles, pace and pauses of one answer's transcript. */
export function analyzeText(input: AnalyzeTextInput): TextAnalysis {
  const text = input.text;
  const tokens = tokenize(text);
  const fillerHits = findFillers(tokens);
  const fillerTokens = new Set<number>();
  for (const hit of fillerHits) for (let k = 0; k < hit.tokenCount; k++) fillerTokens.add(hit.tokenIndex + k);

  const byWord: Record<string, number> = {};
  for (const hit of fillerHits) byWord[hit.filler] = (byWord[hit.filler] ?? 0) + 1;
  const hedges = findHedges(tokens);
  const repetitions = findRepetitions(tokens, (i) => fillerTokens.has(i));
  const markers: Record<string, number> = {};
  const markerHits = findDiscourseMarkers(tokens, (i) => fillerTokens.has(i), (i) => lexiconWordClass(tokens[i]?.norm ?? ''));
  for (const m of markerHits) markers[m.marker] = (markers[m.marker] ?? 0) + 1;

  const words = input.words ?? [];
  const span = speakingSpan(words);
  const durationSec = input.durationSec ?? (span !== null ? span : null);
  const minutes = durationSec !== null && durationSec > 0 ? durationSec / 60 : null;
  // Pace counts the words actually said, over the time spent saying them.
  const paceMinutes = span !== null ? span / 60 : minutes;
  const wpm = paceMinutes !== null && paceMinutes > 0 && tokens.length > 0 ? round1(tokens.length / paceMinutes) : null;

  return {
    transcript: text,
    durationSec: durationSec === null ? null : round1(durationSec),
    wordCount: tokens.length,
    fillers: {
      total: fillerHits.length,
      perMinute: minutes !== null ? round1(fillerHits.length / minutes) : null,
      byWord,
      spans: fillerHits.map((h) => h.span),
    },
    hedges: { total: Object.values(hedges).reduce((a, b) => a + b, 0), byPhrase: hedges },
    discourseMarkers: { total: markerHits.length, byWord: markers },
    repetitions: { total: repetitions.length, examples: repetitions.slice(0, 5) },
    pace: { wpm, band: wpm === null ? null : paceBand(wpm) },
    pauses: pausesFromWords(words),
    speakingSec: span === null ? null : round1(span),
  };
}
