import type { Token } from './tokenize.js';
import type { TextSpan } from './types.js';

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

const CONJUNCTIONS = new Set(['and', 'so', 'but', 'or', 'because', 'then', 'well', 'yeah', 'just']);

/** Words before "like" that make it a verb ("I like", "would like") or a comparison ("looks like", "things like"). */
const LIKE_NOT_FILLER_BEFORE = new Set([
  'i', 'we', 'you', 'they', 'he', 'she', 'people', 'users', 'teams', 'would', "i'd", "we'd", "you'd", "they'd",
  'do', "don't", 'does', "doesn't", 'did', "didn't", 'really', 'also', 'to', 'not', 'might', 'will', 'should',
  'feel', 'feels', 'felt', 'look', 'looks', 'looked', 'sound', 'sounds', 'sounded', 'seem', 'seems', 'seemed',
  'thing', 'things', 'something', 'anything', 'nothing', 'everything', 'stuff', 'more', 'much', 'exactly',
  'is', 'was', 'are', 'were', 'be', 'been', "it's", "that's", 'tools', 'languages', 'frameworks', 'ones',
]);

/** Words after "you know" that make it a real question or statement ("you know how", "do you know what"). */
const YOU_KNOW_OBJECTS = new Set([
  'how', 'what', 'that', 'the', 'a', 'an', 'about', 'it', 'him', 'her', 'them', 'why', 'where', 'when', 'who',
  'which', 'if', 'whether', 'this', 'those', 'these', 'your', 'my', 'our', 'their',
]);
const YOU_KNOW_NOT_FILLER_BEFORE = new Set([
  'do', 'does', 'did', "don't", "didn't", 'if', 'as', 'whether', 'would', 'might', 'will', 'to', 'what', 'now',
]);

const I_MEAN_NOT_FILLER_BEFORE = new Set(['what', 'which', 'that', 'if', 'do', "don't", 'did']);
const I_MEAN_NOT_FILLER_AFTER = new Set(['it', 'that', 'to', 'what', 'by', 'is', 'was']);

/** Discourse words that carry nothing in an answer wherever they stand. */
const ALWAYS_LEXICAL = new Set(['basically', 'literally']);

function vocalised(norm: string): string | undefined {
  for (const [pattern, name] of VOCALISED) if (pattern.test(norm)) return name;
  return undefined;
}

function isFillerLike(tokens: readonly Token[], i: number): boolean {
  const self = tokens[i];
  if (!self) return false;
  const prev = tokens[i - 1];
  if (prev && !self.breakBefore && LIKE_NOT_FILLER_BEFORE.has(prev.norm)) return false;
  const prevIsSoftWord = prev !== undefined && (CONJUNCTIONS.has(prev.norm) || vocalised(prev.norm) !== undefined);
  // "Like, ..." at a sentence start, ", like," between commas, "and like", "um like".
  return self.breakBefore || self.breakAfter || prevIsSoftWord;
}

function isFillerYouKnow(tokens: readonly Token[], i: number): boolean {
  const you = tokens[i];
  const know = tokens[i + 1];
  if (!you || !know || know.breakBefore) return false;
  const prev = tokens[i - 1];
  const next = tokens[i + 2];
  if (prev && !you.breakBefore && YOU_KNOW_NOT_FILLER_BEFORE.has(prev.norm)) return false;
  if (next && !know.breakAfter && YOU_KNOW_OBJECTS.has(next.norm)) return false;
  const prevIsSoftWord = prev !== undefined && (CONJUNCTIONS.has(prev.norm) || vocalised(prev.norm) !== undefined);
  return you.breakBefore || know.breakAfter || prevIsSoftWord;
}

function isFillerIMean(tokens: readonly Token[], i: number): boolean {
  const iTok = tokens[i];
  const mean = tokens[i + 1];
  if (!iTok || !mean || mean.breakBefore) return false;
  const prev = tokens[i - 1];
  const next = tokens[i + 2];
  if (prev && !iTok.breakBefore && I_MEAN_NOT_FILLER_BEFORE.has(prev.norm)) return false;
  if (next && !mean.breakAfter && I_MEAN_NOT_FILLER_AFTER.has(next.norm)) return false;
  return true;
}

/** Finds fillers, counting lexical ones ("like", "you know", "I mean") only where they are used as fillers. */
export function findFillers(tokens: readonly Token[]): FillerHit[] {
  const hits: FillerHit[] = [];
  const hit = (filler: string, index: number, count: number) => {
    const first = tokens[index];
    const last = tokens[index + count - 1];
    if (first && last) hits.push({ filler, span: { start: first.start, end: last.end }, tokenIndex: index, tokenCount: count });
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    const sound = vocalised(token.norm);
    if (sound) {
      hit(sound, i, 1);
    } else if (token.norm === 'like') {
      if (isFillerLike(tokens, i)) hit('like', i, 1);
    } else if (token.norm === 'you' && tokens[i + 1]?.norm === 'know') {
      if (isFillerYouKnow(tokens, i)) {
        hit('you know', i, 2);
        i++;
      }
    } else if (token.norm === 'i' && tokens[i + 1]?.norm === 'mean') {
      if (isFillerIMean(tokens, i)) {
        hit('I mean', i, 2);
        i++;
      }
    } else if (ALWAYS_LEXICAL.has(token.norm)) {
      hit(token.norm, i, 1);
    }
  }
  return hits;
}
