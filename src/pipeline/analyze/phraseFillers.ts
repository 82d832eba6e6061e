import type { WordClassAt } from './likeFiller.js';
import type { Token } from './tokenize.js';
import { isFiniteClass } from './wordClass.js';

/** Words after "you know" that make it a real question or statement ("you know how", "you know what I mean"). */
const YOU_KNOW_OBJECTS = new Set([
  'how', 'what', 'that', 'about', 'why', 'where', 'when', 'who', 'which', 'if', 'whether', 'him', 'her', 'them',
  'me', 'us',
]);
const YOU_KNOW_NOT_FILLER_BEFORE = new Set([
  'do', 'does', 'did', "don't", "didn't", 'if', 'as', 'whether', 'would', 'might', 'will', 'to', 'what', 'now',
  'when', 'that', 'than', 'which', 'who', 'unless', 'once', 'until',
]);
const PREPOSITIONS_AFTER_KNOW = new Set(['on', 'in', 'at', 'for', 'with', 'from', 'into', 'during', 'after', 'before', 'by', 'through']);
const SOFT_BEFORE = new Set(['and', 'so', 'but', 'or', 'because', 'then', 'well', 'yeah', 'just', 'okay']);

const I_MEAN_NOT_FILLER_BEFORE = new Set(['what', 'which', 'that', 'if', 'do', "don't", 'did']);
const I_MEAN_NOT_FILLER_AFTER = new Set(['it', 'that', 'to', 'what', 'by', 'is', 'was']);

const SINGULAR_PRONOUNS = new Set(['it', 'this', 'that', 'he', 'she']);

/** How far after "you know the…" a verb may come for the words to be a clause ("you know the database was down"). */
const CLAUSE_LOOKAHEAD = 4;

/** "the database was down": a noun phrase followed by a verb, without a break in between. */
function opensClause(tokens: readonly Token[], from: number, classAt: WordClassAt): boolean {
  // "it matters", "this works": after a singular pronoun, an -s word is the verb.
  const first = tokens[from];
  const second = first && !first.breakAfter ? tokens[from + 1] : undefined;
  if (first && SINGULAR_PRONOUNS.has(first.norm) && second && /[^su]s$/.test(second.norm)) return true;
  for (let k = from; k < from + CLAUSE_LOOKAHEAD && k < tokens.length; k++) {
    const token = tokens[k];
    if (!token) return false;
    if (k > from && isFiniteClass(classAt(k))) return true;
    if (token.breakAfter) return false;
  }
  return false;
}

/** Whether "you know" at `i` is a filler: set off by commas, or opening a clause rather than taking an object. */
export function isFillerYouKnow(tokens: readonly Token[], i: number, classAt: WordClassAt, isFillerAt: (index: number) => boolean): boolean {
  const you = tokens[i];
  const know = tokens[i + 1];
  if (!you || !know || know.breakBefore) return false;
  const prev = you.breakBefore ? undefined : tokens[i - 1];
  if (prev && YOU_KNOW_NOT_FILLER_BEFORE.has(prev.norm)) return false;
  const next = know.breakAfter ? undefined : tokens[i + 2];
  if (!next) return true;
  if (YOU_KNOW_OBJECTS.has(next.norm)) return false;
  const cls = classAt(i + 2);
  if (cls === 'subject' && next.norm !== 'it' && next.norm !== 'you') return true;
  // "we shipped it you know on a Friday": "know" takes no prepositional object.
  if (PREPOSITIONS_AFTER_KNOW.has(next.norm)) return true;
  if (isFiniteClass(cls) || next.norm === 'like' || isFillerAt(i + 2)) return true;
  if (cls === 'determiner' || next.norm === 'it' || next.norm === 'you') return opensClause(tokens, i + 2, classAt);
  return you.breakBefore || (prev !== undefined && (SOFT_BEFORE.has(prev.norm) || isFillerAt(i - 1)));
}

/** Whether "I mean" at `i` is a filler rather than "I mean it", "what I mean is". */
export function isFillerIMean(tokens: readonly Token[], i: number, classAt: WordClassAt): boolean {
  const iTok = tokens[i];
  const mean = tokens[i + 1];
  if (!iTok || !mean || mean.breakBefore) return false;
  const prev = tokens[i - 1];
  const next = tokens[i + 2];
  if (prev && !iTok.breakBefore && I_MEAN_NOT_FILLER_BEFORE.has(prev.norm)) return false;
  if (next && !mean.breakAfter && I_MEAN_NOT_FILLER_AFTER.has(next.norm)) {
    // "I mean it worked", "I mean it just worked": a clause follows, so "I mean" only introduces it.
    return next.norm === 'it' && opensClause(tokens, i + 2, classAt);
  }
  return true;
}
