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
  if (fillerSpans.length === 0 || words.length === 0) return [];
  const timed: { norm: string; start: number }[] = [];
  for (const w of words) for (const token of tokenize(w.word)) timed.push({ norm: token.norm, start: w.start });
  const tokens = tokenize(text);
  const startOfToken = new Map<number, number>();
  let cursor = 0;
  for (const token of tokens) {
    for (let k = cursor; k < Math.min(timed.length, cursor + LOOKAHEAD); k++) {
      const candidate = timed[k];
      if (candidate && candidate.norm === token.norm) {
        startOfToken.set(token.start, candidate.start);
        cursor = k + 1;
        break;
      }
    }
  }
  const times: number[] = [];
  for (const span of fillerSpans) {
    const t = startOfToken.get(span.start);
    if (t !== undefined) times.push(t);
  }
  return times;
}
