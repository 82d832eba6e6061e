import { COMPETENCIES, isCompetency, type Competency } from '../../enums.js';
import { readSignals, type StarPart } from './rubricSignals.js';

/*
 * The offline story classifier: which competencies a behavioural answer's story shows, from phrases people use when
 * they tell one. A phrase counts once however often it is said; a competency needs two different phrases, or one when
 * the question asked for it (its category), so a passing "team" does not make a teamwork story.
 */
const PHRASES: Record<Competency, readonly RegExp[]> = {
  leadership: [
    /\bi (led|lead|was leading)\b/i,
    /\b(took|take) the lead\b/i,
    /\b(my|the) (team|reports|engineers) (i managed|under me)\b/i,
    /\bi (managed|mentored|coached|delegated|set the direction|set the vision)\b/i,
    /\b(tech(nical)? lead|team lead|manager of)\b/i,
    /\b(rallied|motivated|aligned) the team\b/i,
    /\b(vision|roadmap|direction) for the team\b/i,
  ],
  conflict: [
    /\b(disagree(d|ment)?|conflict|clash(ed)?|tension|argument|pushed back|push back)\b/i,
    /\b(difficult|hard|tough) (colleague|conversation|stakeholder|person)\b/i,
    /\b(common ground|compromise|middle ground|resolved (it|the))\b/i,
    /\b(heard (them|him|her) out|their point of view|their perspective|other side)\b/i,
    /\b(we didn'?t see eye to eye|frustrat(ed|ion))\b/i,
  ],
  failure: [
    /\b(i|we) (failed|made a mistake|messed up|got it wrong|missed the deadline|broke)\b/i,
    /\b(my (mistake|fault|error)|the mistake|a failure|outage|incident|post-?mortem|rollback|rolled back)\b/i,
    /\b(went wrong|didn'?t work|fell short|missed (it|the))\b/i,
    /\b(i learned|lesson|since then|do differently|in hindsight|looking back)\b/i,
    /\b(owned up|admitted|apologi[sz]ed|took responsibility)\b/i,
  ],
  ownership: [
    /\b(i took (ownership|responsibility|it on)|i owned|on my own initiative|nobody (else )?(owned|was doing))\b/i,
    /\b(i (volunteered|stepped up|proposed|drove|followed through|made sure))\b/i,
    /\b(end to end|end-to-end|from start to finish|saw it through)\b/i,
    /\b(deadline|deliver(ed)?|shipped|on time)\b/i,
    /\b(beyond (my|the) (role|remit|job)|wasn'?t my job)\b/i,
    /\b(prioriti[sz]ed|trade-?offs?|scope(d)? (it )?down)\b/i,
  ],
  influence: [
    /\b(convinced|persuaded|won (them|him|her|the team) over|got buy-?in|bought in)\b/i,
    /\b(without (formal )?authority|no authority|wasn'?t (their|his|her) manager)\b/i,
    /\b(stakeholders?|leadership|executives?|product manager|other teams?)\b/i,
    /\b(made the case|business case|proposal|pitched|presented (the|my) (data|case|proposal))\b/i,
    /\b(data to (show|back)|showed them the (data|numbers)|prototype to show)\b/i,
  ],
  teamwork: [
    /\b(my team|our team|the team|teammates?|together|collaborat(ed|ion|e))\b/i,
    /\b(paired|pair(ed)? programming|helped (a|my) (colleague|teammate)|supported)\b/i,
    /\b(cross-?team|another team|other teams?|split the work|divided the work)\b/i,
    /\b(we (agreed|decided|worked))\b/i,
  ],
  communication: [
    /\b(explained|explain|presented|wrote (a|the) (doc|document|proposal|update)|documented)\b/i,
    /\b(non-?technical|in plain (language|words|english)|analogy|diagram)\b/i,
    /\b(status update|kept (them|everyone|stakeholders) (informed|updated|in the loop)|communicat(ed|ion))\b/i,
    /\b(feedback|one-on-one|1:1|listened)\b/i,
  ],
  growth: [
    /\b(i learned|learn(ed|t)? (a|the) new|picked up|taught myself|studied|course)\b/i,
    /\b(feedback (i|that i) (got|received)|i (asked|got) for feedback|improve(d)? myself)\b/i,
    /\b(grew|growth|mentor(ed|ing)?|coach(ed|ing)?)\b/i,
    /\b(since then|now i|i now|changed how i|habit)\b/i,
  ],
};

/** At most this many competencies per story: a story that shows everything shows nothing well. */
export const MAX_COMPETENCIES = 3;

const STAR_BITS: Record<StarPart, number> = { situation: 1, task: 2, action: 4, result: 8 };

export interface StoryCoverage {
  competencies: Competency[];
  /** The STAR parts the answer has. */
  star: Record<StarPart, boolean>;
  /** 0–10, one decimal: half the answer's score, half its STAR completeness. */
  strength: number;
}

/** The competency a question asks about, from its category (`Conflict` → conflict); null when none matches. */
export function competencyOfCategory(category: string): Competency | null {
  const name = category.trim().toLowerCase();
  return isCompetency(name) ? name : null;
}

/** The competencies an answer's story shows, strongest first, at most MAX_COMPETENCIES. */
export function classifyCompetencies(answer: string, asked: Competency | null = null): Competency[] {
  const hits = COMPETENCIES.map((competency) => {
    const found = PHRASES[competency].filter((phrase) => phrase.test(answer)).length;
    return { competency, found, needed: competency === asked ? 1 : 2 };
  });
  return hits
    .filter((h) => h.found >= h.needed)
    .sort((a, b) => b.found - a.found || Number(b.competency === asked) - Number(a.competency === asked) || COMPETENCIES.indexOf(a.competency) - COMPETENCIES.indexOf(b.competency))
    .slice(0, MAX_COMPETENCIES)
    .map((h) => h.competency);
}

/** Only known competencies, each once, at most MAX_COMPETENCIES (an LLM's list is checked through this). */
export function validCompetencies(values: readonly string[]): Competency[] {
  const known = values.map((v) => v.trim().toLowerCase()).filter(isCompetency);
  return [...new Set(known)].slice(0, MAX_COMPETENCIES);
}

export function starBits(star: Record<StarPart, boolean>): number {
  return (Object.keys(STAR_BITS) as StarPart[]).reduce((bits, part) => (star[part] ? bits | STAR_BITS[part] : bits), 0);
}

export function starFromBits(bits: number): Record<StarPart, boolean> {
  return { situation: (bits & 1) !== 0, task: (bits & 2) !== 0, action: (bits & 4) !== 0, result: (bits & 8) !== 0 };
}

/**
 * A behavioural answer's coverage. `fromEvaluator` is what an LLM evaluator said (already validated); when it named
 * none, the offline classifier decides.
 */
export function storyCoverage(input: { answer: string; category: string; score: number; fromEvaluator?: readonly Competency[] }): StoryCoverage {
  const words = input.answer.split(/\s+/).filter(Boolean).length;
  const { star } = readSignals(input.answer, words);
  const asked = competencyOfCategory(input.category);
  const competencies = input.fromEvaluator?.length ? [...input.fromEvaluator] : classifyCompetencies(input.answer, asked);
  const parts = Object.values(star).filter(Boolean).length;
  const strength = Math.round((input.score / 2 + (parts / 4) * 5) * 10) / 10;
  return { competencies, star, strength };
}
