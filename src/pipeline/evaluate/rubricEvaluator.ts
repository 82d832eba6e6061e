import { analyzeText } from '../analyze/analyzeText.js';
import { round1 } from '../analyze/timing.js';
import type { Question } from '../questions/types.js';
import { matchKeywords, stemWords, type KeywordCoverage } from './keywordMatch.js';
import { readSignals, type RubricSignals, type StarPart } from './rubricSignals.js';
import { classifyNonAnswer, NON_ANSWER_FEEDBACK, withoutScorerInstructions, type NonAnswerKind } from './nonAnswer.js';
import type { CriteriaScores, Evaluation, EvaluationInput, Evaluator } from './types.js';

const STOPWORDS = new Set(
  'a an the of to in on at for and or but is are was were be been how what why when which who you your do does did with from that this it its as by can would should could have has had i me my we our they their them about into than then so if not'.split(' '),
);

const WEIGHTS: CriteriaScores = { relevance: 0.35, depth: 0.25, structure: 0.2, clarity: 0.2 };

const clamp = (value: number, min = 0, max = 10) => Math.min(max, Math.max(min, value));

function questionOverlap(question: Question, answerStems: ReadonlySet<string>): number {
  const content = stemWords(question.text).filter((w) => !STOPWORDS.has(w) && w.length > 2);
  if (content.length === 0) return 0;
  return content.filter((w) => answerStems.has(w)).length / content.length;
}

function structureScore(question: Question, signals: RubricSignals, words: number): number {
  if (question.star) {
    const parts = Object.values(signals.star).filter(Boolean).length;
    return clamp(2 + parts * 2);
  }
  const multiSentence = signals.sentences >= 2 ? 2 : 0;
  return clamp(3 + multiSentence + Math.min(3, signals.signposts) + (signals.examples > 0 ? 1 : 0) + (words >= 40 ? 1 : 0));
}

function depthScore(words: number, coverage: KeywordCoverage, signals: RubricSignals): number {
  const length = Math.min(4, words / 30);
  return clamp(length + coverage.ratio * 3 + Math.min(1.5, signals.reasoning * 0.5) + Math.min(1.5, (signals.examples + signals.numbers) * 0.5));
}

function clarityScore(words: number, fillers: number, hedges: number, repetitions: number, signals: RubricSignals): number {
  if (words === 0) return 0;
  const per100 = (n: number) => (n / words) * 100;
  const fillerPenalty = Math.min(4, per100(fillers) * 0.6);
  const hedgePenalty = Math.min(2, per100(hedges) * 0.4);
  const stumblePenalty = Math.min(1.5, repetitions * 0.5);
  const runOnPenalty = signals.avgSentenceWords > 35 ? 1.5 : 0;
  const tooShortPenalty = words < 15 ? 3 : 0;
  return clamp(10 - fillerPenalty - hedgePenalty - stumblePenalty - runOnPenalty - tooShortPenalty);
}

const STAR_HINT: Record<StarPart, string> = {
  situation: 'set the scene (where, when, who)',
  task: 'say what you were responsible for',
  action: 'describe what you did yourself',
  result: 'finish with the result, ideally a number',
};

function feedbackFor(
  question: Question,
  coverage: KeywordCoverage,
  criteria: CriteriaScores,
  signals: RubricSignals,
  fillers: { total: number; top: string | undefined },
  nonAnswer: NonAnswerKind | null,
): string {
  const sentences: string[] = [];
  if (nonAnswer) {
    sentences.push(NON_ANSWER_FEEDBACK[nonAnswer]);
    sentences.push(coverage.missed.length > 0 ? `A good answer explains ${coverage.missed.slice(0, 3).join(', ')}.` : 'Answer the question itself, with one concrete example.');
    return sentences.join(' ');
  }
  if (coverage.covered.length > 0) {
    sentences.push(`You covered ${coverage.covered.slice(0, 3).join(', ')}.`);
  } else {
    sentences.push('Your answer did not touch the core ideas of this question yet.');
  }
  if (coverage.missed.length > 0) {
    sentences.push(`Strengthen it by explaining ${coverage.missed.slice(0, 3).join(', ')}.`);
  }
  if (question.star) {
    const missing = (Object.keys(signals.star) as StarPart[]).filter((p) => !signals.star[p]);
    if (missing.length > 0) sentences.push(`Use STAR: ${missing.map((p) => STAR_HINT[p]).join('; ')}.`);
  } else if (criteria.depth < 6) {
    sentences.push('Go one level deeper: give a concrete example and the trade-off behind your choice.');
  } else if (criteria.structure < 6) {
    sentences.push('Lead with the answer in one sentence, then walk through the details in order.');
  }
  if (fillers.total >= 3 && fillers.top) {
    sentences.push(`Cut the fillers (“${fillers.top}” most often): a short silent pause reads as confident.`);
  }
  if (sentences.length < 2) {
    sentences.push(
      criteria.structure >= 8
        ? 'To make it even stronger, close with one sentence that sums up the trade-off.'
        : 'Lead with the answer in one sentence, then give one concrete example.',
    );
  }
  return sentences.slice(0, 4).join(' ');
}

/** The offline scorer: keyword coverage, length and reasoning, structure (STAR for behavioural), clarity. */
export class RubricEvaluator implements Evaluator {
  readonly name = 'rubric';

  async evaluate(input: EvaluationInput): Promise<Evaluation> {
    return this.evaluateSync(input);
  }

  evaluateSync({ question, answer: original }: EvaluationInput): Evaluation {
    // Sentences that talk to the scorer are not part of the answer; the rest is scored as usual.
    const { text: answer, removed } = withoutScorerInstructions(original);
    const analysis = analyzeText({ text: answer });
    const words = analysis.wordCount;
    const coverage = matchKeywords(answer, question.keywords);
    const signals = readSignals(answer, words);
    const overlap = questionOverlap(question, new Set(stemWords(answer)));

    const criteria: CriteriaScores =
      words === 0
        ? { relevance: 0, depth: 0, structure: 0, clarity: 0 }
        : {
            relevance: round1(clamp(1 + 9 * Math.min(1, 0.75 * coverage.ratio + 0.5 * overlap))),
            depth: round1(depthScore(words, coverage, signals)),
            structure: round1(structureScore(question, signals, words)),
            clarity: round1(clarityScore(words, analysis.fillers.total, analysis.hedges.total, analysis.repetitions.total, signals)),
          };
    const nonAnswer = original.trim() === '' ? null : classifyNonAnswer({ original, scored: answer, removedScorerSentences: removed, coveredKeywords: coverage.covered.length, questionOverlap: overlap });
    if (nonAnswer) {
      // Fluency is not an answer: nothing for clarity or structure, and no more than 1 overall.
      criteria.relevance = Math.min(criteria.relevance, 1);
      criteria.depth = Math.min(criteria.depth, 1);
      criteria.structure = 0;
      criteria.clarity = 0;
    }
    const weighted = (Object.keys(WEIGHTS) as (keyof CriteriaScores)[]).reduce((sum, k) => sum + criteria[k] * WEIGHTS[k], 0);
    // An answer that misses the topic cannot be rescued by polish.
    const score = round1(clamp(Math.min(weighted, criteria.relevance + 2, nonAnswer ? 1 : 10)));
    const topFiller = Object.entries(analysis.fillers.byWord).sort((a, b) => b[1] - a[1])[0]?.[0];

    return {
      score,
      criteria,
      feedback: feedbackFor(question, coverage, criteria, signals, { total: analysis.fillers.total, top: topFiller }, nonAnswer),
      keywordsCovered: coverage.covered,
      keywordsMissed: coverage.missed,
      idealAnswer: question.idealAnswer,
      evaluator: 'rubric',
      model: null,
    };
  }
}
