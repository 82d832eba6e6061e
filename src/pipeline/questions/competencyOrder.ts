import type { Competency } from '../../enums.js';
import { competencyOfCategory } from '../evaluate/storyCoverage.js';
import type { Question } from './types.js';

/**
 * Behavioural questions in the order a person needs them: the competency with the lowest need rank first (uncovered,
 * then weak, then covered), and no competency twice in a row while another is still open. Questions of no competency
 * keep their place after the rest; ties keep the incoming (shuffled) order, so a seeded shuffle decides them.
 */
export function orderByCompetency(questions: readonly Question[], rank: (competency: Competency) => number, previous: Competency | null = null): Question[] {
  const remaining = questions.map((question, index) => ({ question, index, competency: competencyOfCategory(question.category) }));
  const ordered: Question[] = [];
  let last: Competency | null = previous;
  const used = new Map<Competency, number>();
  // Once a competency has been asked, it ranks after every competency not asked yet in this round.
  const score = (c: Competency | null) => (c === null ? Infinity : rank(c) + (used.get(c) ?? 0) * 10);
  while (remaining.length > 0) {
    const open = remaining.filter((r) => r.competency !== last || remaining.every((o) => o.competency === last));
    const best = open.reduce((a, b) => (score(b.competency) < score(a.competency) || (score(b.competency) === score(a.competency) && b.index < a.index) ? b : a));
    ordered.push(best.question);
    remaining.splice(remaining.indexOf(best), 1);
    last = best.competency;
    if (best.competency) used.set(best.competency, (used.get(best.competency) ?? 0) + 1);
  }
  return ordered;
}
