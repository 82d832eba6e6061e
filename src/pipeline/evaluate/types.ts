import type { Competency, EvaluatorName } from '../../enums.js';
import type { Question } from '../questions/types.js';

export interface CriteriaScores {
  relevance: number;
  depth: number;
  structure: number;
  clarity: number;
}

export interface Evaluation {
  /** 0–10, one decimal at most. */
  score: number;
  criteria: CriteriaScores;
  feedback: string;
  keywordsCovered: string[];
  keywordsMissed: string[];
  idealAnswer: string;
  /** `rubric`, `gemini`, `openai`. */
  evaluator: EvaluatorName;
  model: string | null;
  /** Behavioural answers scored by an LLM: the competencies it named (checked against the list); absent otherwise. */
  competencies?: Competency[];
  /** Set when an offline evaluator stood in: the name of the configured evaluator that failed. */
  fallbackFrom?: string;
}

export interface EvaluationInput {
  question: Question;
  answer: string;
  /** For a follow-up question: the question it follows and the same person's answer to it, the context it is scored in. */
  earlier?: { question: string; answer: string };
}

export interface Evaluator {
  readonly name: string;
  evaluate(input: EvaluationInput, signal?: AbortSignal): Promise<Evaluation>;
}
