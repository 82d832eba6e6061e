// Scores a filler detector against labelled sentences: per-word counts, so two "like"s found where one was said
// is one true and one false positive.
import type { Token } from '../src/pipeline/analyze/tokenize.js';

export interface Labelled {
  text: string;
  fillers: Record<string, number>;
}

export type Detector = (text: string) => Record<string, number>;

export interface Score {
  sentences: number;
  exact: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  /** Sentences where detector and label disagree, for reading. */
  misses: { text: string; expected: Record<string, number>; found: Record<string, number> }[];
}

/** Canonical filler names, so "I mean" in one labelling and "i mean" in another compare equal. */
const key = (word: string) => word.toLowerCase();

function normalise(counts: Record<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [word, n] of Object.entries(counts)) out.set(key(word), (out.get(key(word)) ?? 0) + n);
  return out;
}

export function score(set: readonly Labelled[], detect: Detector): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let exact = 0;
  const misses: Score['misses'] = [];
  for (const item of set) {
    const found = detect(item.text);
    const want = normalise(item.fillers);
    const got = normalise(found);
    let same = true;
    for (const word of new Set([...want.keys(), ...got.keys()])) {
      const w = want.get(word) ?? 0;
      const g = got.get(word) ?? 0;
      tp += Math.min(w, g);
      fp += Math.max(0, g - w);
      fn += Math.max(0, w - g);
      if (w !== g) same = false;
    }
    if (same) exact++;
    else misses.push({ text: item.text, expected: item.fillers, found });
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { sentences: set.length, exact, tp, fp, fn, precision, recall, f1, misses };
}

/** The shape of `findFillers` on main before issue 13, loaded from git for the baseline. */
export type OldFindFillers = (tokens: readonly Token[]) => { filler: string }[];
