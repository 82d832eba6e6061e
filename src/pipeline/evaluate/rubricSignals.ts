/** Text signals the offline rubric reads: structure markers, STAR parts, examples, reasoning. */

const SIGNPOSTS = /\b(first(ly)?|second(ly)?|third(ly)?|then|next|finally|in summary|to summari[sz]e|overall|on the other hand|however|for example|for instance|in short)\b/gi;
const EXAMPLES = /\b(for example|for instance|e\.g\.|such as|in my (last|previous|current) (job|role|team|project)|at my (last|previous|current)|we (had|built|used)|i (built|used|shipped|wrote))\b/gi;
const REASONING = /\b(because|so that|which means|that means|therefore|trade-?offs?|the reason|this avoids|otherwise|whereas|instead of|the downside|the benefit)\b/gi;
const NUMBERS = /\b\d+(\.\d+)?\s?(%|percent|ms|milliseconds|seconds|x|times|users|requests|k|m)?\b/gi;

export type StarPart = 'situation' | 'task' | 'action' | 'result';

const STAR_PATTERNS: Record<StarPart, RegExp> = {
  situation: /\b(when i was|at my (last|previous|current)|in my (last|previous|current)|we were|our team|the situation|there was a time|once,? (i|we)|last year|a few (months|years) ago|on a project)\b/i,
  task: /\b(my (task|job|goal|role|responsibility) was|i was (responsible|asked|tasked)|i needed to|we needed to|the goal was|i had to|the challenge was|my objective)\b/i,
  action: /\b(i (\w+ed|built|wrote|spoke|set up|led|took|made|ran|met|sat down|brought|drove|chose)|so i|what i did)\b/i,
  result: /\b(as a result|the result|in the end|eventually|which (reduced|increased|improved|cut|saved)|(reduced|increased|improved|cut|saved|grew)\b.*\b(\d|percent|%)|outcome|we (shipped|delivered|launched|hit)|i learned|lesson|since then|afterwards)\b/i,
};

function count(pattern: RegExp, text: string): number {
  return text.match(pattern)?.length ?? 0;
}

export interface RubricSignals {
  signposts: number;
  examples: number;
  reasoning: number;
  numbers: number;
  sentences: number;
  avgSentenceWords: number;
  star: Record<StarPart, boolean>;
}

export function readSignals(text: string, wordCount: number): RubricSignals {
  const sentences = Math.max(1, text.split(/[.!?]+(\s|$)/).filter((s) => s.trim().length > 0).length);
  const star = Object.fromEntries(
    (Object.keys(STAR_PATTERNS) as StarPart[]).map((part) => [part, STAR_PATTERNS[part].test(text)]),
  ) as Record<StarPart, boolean>;
  return {
    signposts: count(SIGNPOSTS, text),
    examples: count(EXAMPLES, text),
    reasoning: count(REASONING, text),
    numbers: count(NUMBERS, text),
    sentences,
    avgSentenceWords: wordCount / sentences,
    star,
  };
}
