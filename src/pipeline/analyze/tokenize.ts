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
  /** The word opens a sentence: the text's start, or after `.`, `!`, `?` or `…`. */
  sentenceStart: boolean;
  /** A comma, semicolon or dash (not a sentence end) comes right after this word. */
  commaAfter: boolean;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*(?:-[\p{L}\p{N}]+)*/gu;
const BREAK = /[,;:.!?…—–()"]|\s-\s|^\s*-/u;
const SENTENCE_END = /[.!?…]/u;
const COMMA = /[,;—–]|\s-\s/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const between = text.slice(previousEnd, start);
    const breakBefore = tokens.length === 0 || BREAK.test(between);
    const sentenceStart = tokens.length === 0 || SENTENCE_END.test(between);
    const last = tokens.at(-1);
    if (last) {
      last.breakAfter = breakBefore;
      last.commaAfter = !sentenceStart && COMMA.test(between);
    }
    tokens.push({
      norm: match[0].toLowerCase().replace(/’/g, "'"),
      start,
      end: start + match[0].length,
      breakBefore,
      breakAfter: true,
      sentenceStart,
      commaAfter: false,
    });
    previousEnd = start + match[0].length;
  }
  const last = tokens.at(-1);
  if (last) {
    last.breakAfter = true;
    last.commaAfter = COMMA.test(text.slice(previousEnd)) && !SENTENCE_END.test(text.slice(previousEnd));
  }
  return tokens;
}
