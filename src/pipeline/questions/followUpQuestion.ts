import type { CriteriaScores, Evaluation } from '../evaluate/types.js';
import { readSignals, type StarPart } from '../evaluate/rubricSignals.js';
import type { Keyword, Question } from './types.js';

/** What a follow-up probes: the part of the first answer that was weakest. */
export type FollowUpProbe = { kind: 'star'; part: StarPart } | { kind: 'keywords'; terms: string[] } | { kind: 'criterion'; criterion: keyof CriteriaScores };

export interface FollowUp {
  question: Question;
  probe: FollowUpProbe;
}

/** The STAR part asked about first when several are missing: the outcome is the one answers leave out most. */
const STAR_ORDER: readonly StarPart[] = ['result', 'action', 'task', 'situation'];

const STAR_ASKS: Record<StarPart, string> = {
  result: 'What was the result? What changed because of what you did — can you put a number on it?',
  action: 'What exactly did you do yourself? Walk me through your steps, in the first person.',
  task: 'What were you responsible for there, and what was the goal?',
  situation: 'Set the scene first: where was this, and what was at stake?',
};

const CRITERION_ASKS: Record<keyof CriteriaScores, string> = {
  depth: 'Go one level deeper: a concrete example from your own work, and the trade-off you made.',
  structure: 'Could you give that answer again as three clear points, most important first?',
  relevance: 'Coming back to the question itself: what is the direct answer, in two sentences?',
  clarity: 'Say it more simply: how would you explain it to a new teammate in a few sentences?',
};

const MAX_TERMS = 2;

function quoted(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** How every follow-up starts: the question it follows, quoted. */
export function followUpContext(question: Question): string {
  return `Follow-up to “${quoted(question.text)}” — `;
}

/**
 * The offline follow-up to an answer: one question that probes its weakest point. A behavioural (STAR) answer is
 * asked for its first missing STAR part; otherwise the concepts it missed are asked about; otherwise its lowest
 * criterion. The follow-up carries the first question in its text, keeps its ideal answer and, when it asks about
 * missed concepts, only those as keywords: it is scored in the context of the first answer, for what that lacked.
 */
export function offlineFollowUp(question: Question, answer: string, evaluation: Pick<Evaluation, 'keywordsMissed' | 'criteria'>): FollowUp {
  const context = followUpContext(question);
  const base = { ...question, id: `${question.id}#follow-up`, idealAnswer: question.idealAnswer };
  if (question.star) {
    const words = answer.split(/\s+/).filter(Boolean).length;
    const { star } = readSignals(answer, words);
    const missing = STAR_ORDER.find((part) => !star[part]);
    if (missing) return { question: { ...base, text: context + STAR_ASKS[missing], keywords: [] }, probe: { kind: 'star', part: missing } };
  }
  const missed: Keyword[] = evaluation.keywordsMissed
    .slice(0, MAX_TERMS)
    .map((term) => question.keywords.find((k) => k.term === term) ?? { term, synonyms: [] });
  if (missed.length > 0) {
    const terms = missed.map((k) => k.term);
    const list = terms.length === 1 ? terms[0] : `${terms.slice(0, -1).join(', ')} and ${terms.at(-1)}`;
    const ask = `You didn't mention ${list}. Where ${terms.length === 1 ? 'does it' : 'do they'} come in, and why ${terms.length === 1 ? 'does it' : 'do they'} matter here?`;
    return { question: { ...base, star: false, text: context + ask, keywords: missed }, probe: { kind: 'keywords', terms } };
  }
  const criteria = Object.entries(evaluation.criteria) as [keyof CriteriaScores, number][];
  const weakest = criteria.reduce((low, c) => (c[1] < low[1] ? c : low));
  const criterion = weakest[0];
  return { question: { ...base, star: false, text: context + CRITERION_ASKS[criterion], keywords: [] }, probe: { kind: 'criterion', criterion } };
}
