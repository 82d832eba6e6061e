import type { Token } from './tokenize.js';

/** Doubled words that are grammatical ("that that", "had had") and not a stumble. */
const GRAMMATICAL_DOUBLES = new Set(['that', 'had', 'is', 'do', 'very', 'bye', 'no', 'yes', 'so']);

/**
 * Stumbles: a word said twice in a row ("I, I") or a two-word phrase said twice ("we can we can").
 * Filler sounds are left to the filler counter.
 */
export function findRepetitions(tokens: readonly Token[], isFiller: (index: number) => boolean): string[] {
  const found: string[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1];
    const b = tokens[i];
    if (!a || !b || isFiller(i) || isFiller(i - 1)) continue;
    if (a.norm === b.norm && !GRAMMATICAL_DOUBLES.has(a.norm)) {
      found.push(`${a.norm} ${b.norm}`);
      continue;
    }
    const c = tokens[i + 1];
    const d = tokens[i + 2];
    if (c && d && a.norm === c.norm && b.norm === d.norm && a.norm !== b.norm) {
      found.push(`${a.norm} ${b.norm}`);
      i += 2;
    }
  }
  return found;
}
