import type { Token } from './tokenize.js';

/** Doubled words that are grammatical ("that that", "had had") and not a stumble. */
const GRAMMATICAL_DOUBLES = new Set(['that', 'had', 'is', 'do', 'very', 'bye', 'no', 'yes', 'so']);

/**
 * Stumbles: a word said again ("I, I", "I I I", "the uh the") or a two-word phrase said again ("we can we can").
 * Fillers are left to the filler counter and skipped over, so a restart across "um" is still one stumble, and a
 * run of the same word is one stumble however long it is.
 */
export function findRepetitions(tokens: readonly Token[], isFiller: (index: number) => boolean): string[] {
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token && !isFiller(i)) words.push(token.norm);
  }
  const found: string[] = [];
  let k = 0;
  while (k < words.length - 1) {
    const a = words[k];
    if (a === words[k + 1] && a !== undefined && !GRAMMATICAL_DOUBLES.has(a)) {
      let end = k + 1;
      while (words[end + 1] === a) end++;
      found.push(words.slice(k, end + 1).join(' '));
      k = end + 1;
      continue;
    }
    const b = words[k + 1];
    if (a !== b && a === words[k + 2] && b === words[k + 3]) {
      let end = k + 3;
      while (words[end + 1] === a && words[end + 2] === b) end += 2;
      found.push(`${a} ${b}`);
      k = end + 1;
      continue;
    }
    k++;
  }
  return found;
}
