import { isFillerLike, type WordClassAt } from './likeFiller.js';
import { isFillerIMean, isFillerYouKnow } from './phraseFillers.js';
import type { Token } from './tokenize.js';
import type { TextSpan } from './types.js';
import { lexiconWordClass } from './wordClass.js';

/** A filler found in the text, named by its canonical spelling (`um`, `like`, `you know`). */
export interface FillerHit {
  filler: string;
  span: TextSpan;
  tokenIndex: number;
  tokenCount: number;
}

/** Vocalised fillers, including stretched spellings ("umm", "uhhh", "hmmm", "errr"). */
const VOCALISED: readonly [RegExp, string][] = [
  [/^u+h*m+$/, 'um'],
  [/^u+h+$/, 'uh'],
  [/^e+r+m+$/, 'erm'],
  [/^e+r+$/, 'er'],
  [/^a+h+$/, 'ah'],
  [/^h+m+$/, 'hmm'],
  [/^m{2,}$/, 'mm'],
];

/** Discourse words that carry nothing in an answer wherever they stand. */
const ALWAYS_LEXICAL = new Set(['basically', 'literally']);

export function vocalised(norm: string): string | undefined {
  for (const [pattern, name] of VOCALISED) if (pattern.test(norm)) return name;
  return undefined;
}

/**
 * Finds fillers, counting lexical ones ("like", "you know", "I mean") only where they are used as fillers.
 * `classAt` gives the word class the lexical rules ask about; the default is the built-in lexicon.
 */
export function findFillers(tokens: readonly Token[], classAt?: WordClassAt): FillerHit[] {
  const classOf: WordClassAt = classAt ?? ((index) => lexiconWordClass(tokens[index]?.norm ?? ''));
  const hits: FillerHit[] = [];
  const fillerTokens = new Set<number>();
  // Only what is already decided (to the left) or a sound (to the right) counts as a neighbouring filler.
  const isFillerAt = (index: number) => fillerTokens.has(index) || vocalised(tokens[index]?.norm ?? '') !== undefined;
  const hit = (filler: string, index: number, count: number) => {
    const first = tokens[index];
    const last = tokens[index + count - 1];
    if (!first || !last) return;
    hits.push({ filler, span: { start: first.start, end: last.end }, tokenIndex: index, tokenCount: count });
    for (let k = 0; k < count; k++) fillerTokens.add(index + k);
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    const sound = vocalised(token.norm);
    if (sound) {
      hit(sound, i, 1);
    } else if (token.norm === 'like') {
      if (isFillerLike(tokens, i, classOf, isFillerAt)) hit('like', i, 1);
    } else if (token.norm === 'you' && tokens[i + 1]?.norm === 'know') {
      if (isFillerYouKnow(tokens, i, classOf, isFillerAt)) {
        hit('you know', i, 2);
        i++;
      }
    } else if (token.norm === 'i' && tokens[i + 1]?.norm === 'mean') {
      if (isFillerIMean(tokens, i, classOf)) {
        hit('I mean', i, 2);
        i++;
      }
    } else if (ALWAYS_LEXICAL.has(token.norm)) {
      hit(token.norm, i, 1);
    }
  }
  return hits;
}
