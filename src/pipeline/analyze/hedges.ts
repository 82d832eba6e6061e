import type { Token } from './tokenize.js';

const PHRASES: readonly string[][] = [
  ['i', 'think'],
  ['i', 'guess'],
  ['i', 'suppose'],
  ['kind', 'of'],
  ['sort', 'of'],
  ['maybe'],
  ['probably'],
  ['perhaps'],
];

/** Before "kind of" / "sort of", these make it a noun phrase ("what kind of cache"), not a hedge. */
const NOUN_USE_BEFORE = new Set([
  'what', 'this', 'that', 'the', 'a', 'any', 'some', 'every', 'each', 'which', 'one', 'same', 'these', 'those',
  'other', 'different', 'right', 'wrong', 'that', 'another', 'whatever',
]);

/** Counts hedging phrases that make an answer sound unsure. */
export function findHedges(tokens: readonly Token[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < tokens.length; i++) {
    for (const phrase of PHRASES) {
      if (!phrase.every((word, k) => tokens[i + k]?.norm === word)) continue;
      if (phrase.length === 2 && phrase[1] === 'of' && NOUN_USE_BEFORE.has(tokens[i - 1]?.norm ?? '')) continue;
      const key = phrase.join(' ').replace(/^i /, 'I ');
      counts[key] = (counts[key] ?? 0) + 1;
      i += phrase.length - 1;
      break;
    }
  }
  return counts;
}
