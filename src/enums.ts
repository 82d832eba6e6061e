/*
 * The value lists behind the database's enum columns, defined once. The schema declares its text enums from these,
 * the adapters and the CLI validate input against them, and a stored value outside a list is read through
 * `knownOr` as `unknown` (see src/db/storedEnums.ts), never silently as some valid value.
 */

/** Where a person practises. */
export const PLATFORMS = ['discord', 'slack', 'cli'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const ROLES = ['frontend', 'backend', 'fullstack', 'data-ml', 'devops', 'mobile', 'product', 'behavioral'] as const;
export type Role = (typeof ROLES)[number];

export const DIFFICULTIES = ['junior', 'mid', 'senior'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** What scored an answer: the offline rubric or an LLM provider (the model is its own column). */
export const EVALUATORS = ['rubric', 'gemini', 'openai'] as const;
export type EvaluatorName = (typeof EVALUATORS)[number];

/** What turned speech into text (the model, e.g. `ggml-base.en.bin`, is its own column). */
export const TRANSCRIBERS = ['openai', 'whisper.cpp'] as const;
export type TranscriberKind = (typeof TRANSCRIBERS)[number];
/** `answers.transcriber`: a transcriber, or `typed` for an answer that was text from the start. */
export const ANSWER_TRANSCRIBERS = ['typed', ...TRANSCRIBERS] as const;
export type AnswerTranscriber = (typeof ANSWER_TRANSCRIBERS)[number];

/** A stored value that is in none of the lists: written by a newer or older version, or by hand. */
export const UNKNOWN = 'unknown';
export type Known<T extends string> = T | typeof UNKNOWN;

export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

export const isPlatform = (value: string): value is Platform => isOneOf(PLATFORMS, value);
export const isRole = (value: string): value is Role => isOneOf(ROLES, value);
export const isDifficulty = (value: string): value is Difficulty => isOneOf(DIFFICULTIES, value);
export const isEvaluator = (value: string): value is EvaluatorName => isOneOf(EVALUATORS, value);
