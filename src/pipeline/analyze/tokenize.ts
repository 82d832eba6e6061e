/** A word of the text with its character offsets and whether punctuation separates it from its neighbours. */
export interface Token {
  /** Lower-cased, curly apostrophes straightened. */
  norm: string;
  start: number;
  end: number;
  /** A comma, dash, sentence end or the text's start comes right before this word. */
  breakBefore: boolean;
  /** A comma, dash, sentence end or the text's end comes right after this word. */
  breakAfter: boolean;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*(?:-[\p{L}\p{N}]+)*/gu;
const BREAK = /[,;:.!?…—–()"]|\s-\s|^\s*-/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const between = text.slice(previousEnd, start);
    const breakBefore = tokens.length === 0 || BREAK.test(between);
    const last = tokens.at(-1);
    if (last) last.breakAfter = breakBefore;
    tokens.push({
      norm: match[0].toLowerCase().replace(/’/g, "'"),
      start,
      end: start + match[0].length,
      breakBefore,
      breakAfter: true,
    });
    previousEnd = start + match[0].length;
  }
  const last = tokens.at(-1);
  if (last) last.breakAfter = true;
  return tokens;
}
