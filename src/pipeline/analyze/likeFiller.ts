import type { Token } from './tokenize.js';
import type { WordClass } from './wordClass.js';

/** The class of the token at an index (a lexicon by default; a tagger in the comparison bench). */
export type WordClassAt = (index: number) => WordClass;

/** Before "like", these make it the verb ("we like", "would like", "just like" as in "just like the old one"). */
const VERB_BEFORE = new Set([
  'i', 'we', 'you', 'they', 'he', 'she', 'people', 'users', 'teams', 'who', 'would', "i'd", "we'd", "you'd",
  "they'd", "i'll", "we'll", "you'll", "they'll", 'do', "don't", 'does', "doesn't", 'did', "didn't", 'dont',
  'doesnt', 'didnt', 'really',
  'also', 'to', 'not', 'might', 'will', 'should', 'could', 'may', 'must', 'just',
]);

/** Before "like", these make it a comparison ("feel like", "looks like", "things like", "works like"). */
const COMPARISON_BEFORE = new Set([
  'feel', 'feels', 'felt', 'look', 'looks', 'looked', 'sound', 'sounds', 'sounded', 'seem', 'seems', 'seemed',
  'act', 'acts', 'acted', 'work', 'works', 'worked', 'behave', 'behaves', 'behaved', 'thing', 'things',
  'something', 'anything', 'nothing', 'everything', 'stuff', 'more', 'much', 'exactly', 'lot', 'little', 'tools',
  'languages', 'frameworks', 'ones',
]);

/** Before "like", a form of "be": a filler only when an adjective, adverb or clause follows ("was like really hard"). */
const COPULA = new Set([
  'is', 'was', 'are', 'were', 'be', 'been', 'being', 'am', "it's", "that's", "there's", "he's", "she's", "we're",
  "they're", "i'm", "you're", "isn't", "wasn't", 'its', 'thats', 'theres', 'im',
]);

/** Words that join a filler to what came before ("and like", "so like"). */
const SOFT_BEFORE = new Set(['and', 'so', 'but', 'or', 'because', 'then', 'well', 'yeah', 'um', 'okay']);

/** "like I said", "like we discussed": a comparison with what was said, not a filler. */
const SAID = new Set(['said', 'say', 'mentioned', 'discussed', 'explained', 'told', 'wrote', 'showed', 'agreed']);

/** "like a lot", "like a couple": an approximation, which is the filler use. */
const AMOUNT_AFTER_A = new Set(['lot', 'bunch', 'couple', 'few', 'hundred', 'thousand', 'million', 'dozen', 'ton', 'week', 'day', 'month', 'year']);

// Not "her" ("treat her like a guest") nor "its" (raw speech-to-text often writes "it's" so).
const ARTICLE_BEFORE = new Set(['the', 'a', 'an', 'my', 'our', 'your', 'their', 'his']);
const PREPOSITIONS = new Set(['to', 'into', 'in', 'on', 'at', 'through', 'over', 'from', 'for', 'with']);

/** The index of the first word from `from` on that is not a sound or a "you know" said in passing. */
function skipFillers(tokens: readonly Token[], from: number): number {
  let k = from;
  for (;;) {
    const token = tokens[k];
    if (!token || token.breakAfter) return k;
    if (/^(?:u+h*m+|u+h+|e+r+m*|a+h+|h+m+)$/.test(token.norm)) k++;
    else if (token.norm === 'you' && tokens[k + 1]?.norm === 'know' && !tokens[k + 1]?.breakAfter) k += 2;
    else return k;
  }
}

/** What follows "like" when it is a filler before an adverb, adjective, quantity or verb ("like really", "like deployed"). */
const FILLER_NEXT: ReadonlySet<WordClass> = new Set(['adverb', 'adjective', 'quantifier', 'pastVerb', 'ingVerb']);

function isAmount(tokens: readonly Token[], i: number): boolean {
  const a = tokens[i];
  const amount = tokens[i + 1];
  return a !== undefined && (a.norm === 'a' || a.norm === 'an') && !a.breakAfter && amount !== undefined && AMOUNT_AFTER_A.has(amount.norm);
}

/**
 * Whether the "like" at `i` is a filler. Punctuation decides when there is some; in raw speech-to-text the words
 * around it do: what precedes says whether it could be a verb or a comparison, what follows says whether it is.
 */
export function isFillerLike(tokens: readonly Token[], i: number, classAt: WordClassAt, isFillerAt: (index: number) => boolean): boolean {
  const self = tokens[i];
  if (!self) return false;
  const prev = self.breakBefore ? undefined : tokens[i - 1];
  const next = self.breakAfter ? undefined : tokens[i + 1];
  if (next?.norm === 'like' || prev?.norm === 'like') return true;
  if (self.commaAfter) return true;
  const afterNext = next && !next.breakAfter ? tokens[i + 2] : undefined;
  if (next && classAt(i + 1) === 'subject' && afterNext && SAID.has(afterNext.norm)) return false;
  // Judge by the first word after any other filler ("I like, you know, wanted" said without commas).
  const j = next ? skipFillers(tokens, i + 1) : undefined;
  const nextClass = j !== undefined ? classAt(j) : undefined;
  // "we like deployed it", "we like really pushed": no verb "like" takes a past form after it.
  if (prev && VERB_BEFORE.has(prev.norm)) {
    return nextClass === 'pastVerb' || (nextClass === 'adverb' && j !== undefined && !tokens[j]?.breakAfter && classAt(j + 1) === 'pastVerb');
  }
  if (prev && COMPARISON_BEFORE.has(prev.norm)) return false;
  // After an article or possessive "like" can be neither a verb nor a comparison ("the like problem").
  if (prev && ARTICLE_BEFORE.has(prev.norm)) return true;
  // "we went like to the store": a past verb, then "like", then a preposition.
  if (prev && next && classAt(i - 1) === 'pastVerb' && PREPOSITIONS.has(next.norm)) return true;
  if (prev && COPULA.has(prev.norm)) {
    return (nextClass !== undefined && (FILLER_NEXT.has(nextClass) || nextClass === 'subject')) || isAmount(tokens, i + 1);
  }
  if (self.breakBefore || self.breakAfter) return true;
  if (prev && (SOFT_BEFORE.has(prev.norm) || isFillerAt(i - 1))) return true;
  // After a noun, "like" + adjective or -ing form is usually a comparison ("cases like empty input", "patterns
  // like batching"); an adverb, quantity or past form is not ("the build like failed", "took like ten minutes").
  if (nextClass === 'adverb' || nextClass === 'quantifier' || nextClass === 'pastVerb' || isAmount(tokens, i + 1)) return true;
  // After an adverb there is no noun to compare with ("totally like confused").
  return prev !== undefined && classAt(i - 1) === 'adverb' && (nextClass === 'adjective' || nextClass === 'ingVerb');
}
