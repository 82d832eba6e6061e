/**
 * Answers the rubric must not reward for polish: a non-answer ("I don't know", "pass"), an answer on another topic,
 * and text that talks to the scorer instead of answering. Such answers score at most 1, and clarity and structure
 * — which a fluent non-answer would otherwise earn — are not counted.
 */
export type NonAnswerKind = 'non_answer' | 'off_topic' | 'addresses_scorer';

/** Phrases that decline to answer; what is left after removing them must still say something. */
const DECLINING = /\b(i\s+(really\s+)?(don'?t|dont|do\s+not)\s+know|no\s+idea|not\s+sure|no\s+clue|idk|dunno|pass|skip(\s+this(\s+one)?)?|next\s+question|i\s+can'?t\s+(answer|remember|say)|i\s+have\s+nothing|nothing\s+to\s+say|n\/a|sorry)\b/gi;

/** A sentence that instructs or flatters the scorer rather than answering the question. */
const TO_THE_SCORER = [
  /\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rubric|rules|prompt|criteria|above|previous)\b/i,
  /\b(give|award|grant|assign)\b.{0,30}\b(\d+(\s*\/\s*10|\s+out\s+of\s+10)?|full\s+marks|(a\s+)?(perfect|maximum|top|high(est)?)\s+(score|mark|grade)s?)\b/i,
  /\b(score|rate|grade|mark)\s+(this|me|my\s+answer|it|the\s+answer)\b/i,
  /\b\d+\s*\/\s*10\b/,
  /\b(you\s+are|act\s+as|pretend\s+to\s+be)\s+(now\s+)?(an?\s+)?(grader|scorer|evaluator|examiner|judge|ai|assistant|language\s+model)\b/i,
  /\b(reveal|print|repeat|show|ignore)\b.{0,20}\b(your|the)\s+(system|developer)\s+(prompt|message)\b/i,
];

/** Fewer content words than this, once declining phrases are gone, is no answer. */
const MIN_CONTENT_WORDS = 5;

const CONTENT_STOPWORDS = new Set('a an the i me my we you it is am are was be to of and or but so um uh er like just well okay ok yeah yes no'.split(' '));

function contentWords(text: string): number {
  return (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).filter((w) => !CONTENT_STOPWORDS.has(w)).length;
}

/** The answer without the sentences that address the scorer: what is left is what gets scored. */
export function withoutScorerInstructions(answer: string): { text: string; removed: number } {
  const sentences = answer.split(/(?<=[.!?])\s+|\n+/);
  const kept = sentences.filter((s) => !TO_THE_SCORER.some((pattern) => pattern.test(s)));
  return { text: kept.join(' ').trim(), removed: sentences.length - kept.length };
}

/**
 * Which kind of non-answer this is, if any. `coveredKeywords` and `questionOverlap` (the share of the question's
 * content words the answer uses) come from the rubric: with neither, the answer is about something else.
 */
export function classifyNonAnswer(input: { original: string; scored: string; removedScorerSentences: number; coveredKeywords: number; questionOverlap: number }): NonAnswerKind | null {
  const remaining = contentWords(input.scored.replace(DECLINING, ' '));
  if (input.removedScorerSentences > 0 && remaining < MIN_CONTENT_WORDS) return 'addresses_scorer';
  if (remaining < MIN_CONTENT_WORDS) return 'non_answer';
  if (input.coveredKeywords === 0 && input.questionOverlap === 0) return 'off_topic';
  return null;
}

export const NON_ANSWER_FEEDBACK: Record<NonAnswerKind, string> = {
  non_answer: "That isn't an answer yet — even a rough first idea scores better than passing.",
  off_topic: 'This answer is about something else: it uses none of the question’s ideas.',
  addresses_scorer: 'Only the answer itself is scored — instructions to the scorer are ignored.',
};
