import type { Keyword } from '../questions/types.js';

/** A light suffix-stripper so "caching", "cached" and "caches" all meet "cache". */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/'s$/, '');
  if (w.length > 5 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && /(s|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  // "cach" (from caching) and "cache" should meet: drop a final e as well.
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

export function stemWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(stem);
}

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

/** Also matches spellings written together ("rerender" for "re-render"). */
function joinedForms(words: readonly string[]): Set<string> {
  const joined = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) joined.add(`${words[i]}${words[i + 1]}`);
  return joined;
}

export interface KeywordCoverage {
  covered: string[];
  missed: string[];
  ratio: number;
}

export function matchKeywords(answer: string, keywords: readonly Keyword[]): KeywordCoverage {
  const words = stemWords(answer);
  const joined = joinedForms(words);
  const covered: string[] = [];
  const missed: string[] = [];
  for (const keyword of keywords) {
    const forms = [keyword.term, ...keyword.synonyms].map(stemWords);
    const hit = forms.some((form) => containsSequence(words, form) || (form.length > 1 && joined.has(form.join(''))) || (form.length === 1 && form[0] !== undefined && joined.has(form[0])));
    (hit ? covered : missed).push(keyword.term);
  }
  return { covered, missed, ratio: keywords.length === 0 ? 0 : covered.length / keywords.length };
}
