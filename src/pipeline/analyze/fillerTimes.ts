import type { TimeSpan } from '../audio/types.js';
import type { TranscriptWord } from '../transcribe/types.js';
import { tokenize } from './tokenize.js';
import type { TextSpan } from './types.js';

/** How far ahead in the word list a text token is looked for before it is given up as unmatched. */
const LOOKAHEAD = 8;

/**
 * When each filler was said: its character span in the transcript text, matched to the transcriber's word
 * timestamps. The text and the word list come from the same transcriber but need not split words the same way
 * ("you know," vs "you" + "know"), so both are tokenised alike and walked in step, skipping a few unmatched words on
 * either side. A filler whose word cannot be found gets no time (left out), rather than a guessed one.
 */
export function fillerTimes(text: string, fillerSpans: readonly TextSpan[], words: readonly TranscriptWord[]): number[] {
  return fillerWordSpans(text, fillerSpans, words).map((span) => span.start);
}

/**
 * When each filler was said, from its first word's start to its last word's end ("you know" is two words). Matched
 * as `fillerTimes` describes; a filler none of whose words can be found is left out.
 */
export function fillerWordSpans(text: string, fillerSpans: readonly TextSpan[], words: readonly TranscriptWord[]): TimeSpan[] {
  if (fillerSpans.length === 0 || words.length === 0) return [];
  const timed: { norm: string; start: number; end: number }[] = [];
  for (const w of words) for (const token of tokenize(w.word)) timed.push({ norm: token.norm, start: w.start, end: w.end });
  const tokens = tokenize(text);
  const matched: { at: number; start: number; end: number }[] = [];
  let cursor = 0;
  for (const token of tokens) {
    for (let k = cursor; k < Math.min(timed.length, cursor + LOOKAHEAD); k++) {
      const candidate = timed[k];
      if (candidate && candidate.norm === token.norm) {
        matched.push({ at: token.start, start: candidate.start, end: candidate.end });
        cursor = k + 1;
        break;
      }
    }
  }
  const spans: TimeSpan[] = [];
  for (const span of fillerSpans) {
    const inside = matched.filter((m) => m.at >= span.start && m.at < span.end);
    const first = inside[0];
    if (!first || first.at !== span.start) continue;
    spans.push({ start: first.start, end: Math.max(...inside.map((m) => m.end)) });
  }
  return spans;
}
