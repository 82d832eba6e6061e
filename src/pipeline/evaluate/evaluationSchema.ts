import { COMPETENCIES, type Competency, type EvaluatorName } from '../../enums.js';
import { z } from 'zod';
import { isRecord, modelJsonSchema, parseModelJson, stripCodeFence } from '../providers/llmJson.js';
import { validCompetencies } from './storyCoverage.js';
import type { Question } from '../questions/types.js';
import type { Evaluation } from './types.js';

const score = z.number().min(0).max(10);

/** What an LLM evaluator must return; the JSON Schema sent to the model is generated from it. */
export const llmEvaluationSchema = z.object({
  score: score.describe('Overall score from 0 to 10; one decimal at most.'),
  criteria: z.object({
    relevance: score.describe('Does it answer the question asked? 0–10.'),
    depth: score.describe('Technical or situational depth, specifics, trade-offs. 0–10.'),
    structure: score.describe('Organisation; STAR (situation, task, action, result) when asked for. 0–10.'),
    clarity: score.describe('Concise, precise, easy to follow. 0–10.'),
  }),
  feedback: z
    .string()
    .min(1)
    .describe('2–4 sentences to the candidate: what was good, then the most useful improvement.'),
  keywordsCovered: z.array(z.string()).describe('Expected keywords (by their term) the answer covers.'),
});

export type LlmEvaluation = z.infer<typeof llmEvaluationSchema>;

/**
 * What the model is asked for: the evaluation and, for a behavioural story, its competencies from the fixed list.
 * The competencies are read apart from the evaluation (readCompetencies): a reply without them, or with none from the
 * list, still scores, and the offline classifier names the competencies instead.
 */
const requestedEvaluationSchema = llmEvaluationSchema.extend({
  competencies: z
    .array(z.enum(COMPETENCIES))
    .describe('Behavioural (STAR) questions only: the competencies the story genuinely shows, at most three, strongest first; [] otherwise.'),
});

/** Strict-mode compatible (every property required, no extra properties) for both OpenAI and Gemini. */
export const evaluationJsonSchema: Record<string, unknown> = modelJsonSchema(requestedEvaluationSchema);

export interface EvaluationMeta {
  evaluator: EvaluatorName;
  model: string | null;
}

/**
 * Model text → Evaluation. Scores outside 0–10 are clamped (a model saying 11 meant "very good", not
 * "broken"); anything else off-schema throws an `invalid_output` ProviderError so it is retried once.
 */
export function parseLlmEvaluation(raw: string | undefined, question: Question, meta: EvaluationMeta): Evaluation {
  const data = parseModelJson(raw, llmEvaluationSchema, meta.evaluator, clampScores);
  const { covered, missed } = reconcileKeywords(question, data.keywordsCovered);
  const competencies = question.star ? readCompetencies(raw) : [];
  return {
    ...(competencies.length ? { competencies } : {}),
    score: roundScore(data.score),
    criteria: {
      relevance: roundScore(data.criteria.relevance),
      depth: roundScore(data.criteria.depth),
      structure: roundScore(data.criteria.structure),
      clarity: roundScore(data.criteria.clarity),
    },
    feedback: data.feedback.trim(),
    keywordsCovered: covered,
    keywordsMissed: missed,
    idealAnswer: question.idealAnswer,
    evaluator: meta.evaluator,
    model: meta.model,
  };
}

function clampScores(json: unknown): unknown {
  if (!isRecord(json)) return json;
  const out: Record<string, unknown> = { ...json, score: clamp(json.score) };
  if (isRecord(json.criteria)) {
    out.criteria = Object.fromEntries(Object.entries(json.criteria).map(([key, value]) => [key, clamp(value)]));
  }
  return out;
}

function clamp(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(10, Math.max(0, value)) : value;
}

function roundScore(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Only the question's own keywords count, so a model cannot invent coverage; the rest are missed. */
function reconcileKeywords(question: Question, claimed: string[]): { covered: string[]; missed: string[] } {
  const claimedSet = new Set(claimed.map((term) => term.trim().toLowerCase()));
  const covered: string[] = [];
  const missed: string[] = [];
  for (const keyword of question.keywords) {
    const names = [keyword.term, ...keyword.synonyms].map((name) => name.toLowerCase());
    (names.some((name) => claimedSet.has(name)) ? covered : missed).push(keyword.term);
  }
  return { covered, missed };
}

/** The model's competencies, only those on the list; [] when it gave none, or not as a list of strings. */
function readCompetencies(raw: string | undefined): Competency[] {
  try {
    const json: unknown = JSON.parse(stripCodeFence(raw ?? ''));
    const list = isRecord(json) ? json.competencies : undefined;
    return Array.isArray(list) ? validCompetencies(list.filter((v): v is string => typeof v === 'string')) : [];
  } catch {
    return [];
  }
}
