import { isAbort } from '../providers/ProviderError.js';
import type { FallbackListener } from '../providers/fallback.js';
import type { Question, QuestionRequest, QuestionSource } from './types.js';

/**
 * An LLM question source with the offline bank behind it. When the LLM fails, the bank answers; when it
 * returns fewer new questions than asked (repeats filtered out), the bank tops the list up.
 */
export class FallbackQuestionSource implements QuestionSource {
  readonly name: string;

  constructor(
    readonly primary: QuestionSource,
    readonly fallback: QuestionSource,
    private readonly onFallback?: FallbackListener,
  ) {
    this.name = primary.name;
  }

  async generate(request: QuestionRequest, signal?: AbortSignal): Promise<Question[]> {
    let questions: Question[];
    try {
      questions = await this.primary.generate(request, signal);
    } catch (error) {
      if (isAbort(error, signal)) throw error;
      this.onFallback?.({ role: 'questions', primary: this.primary.name, fallback: this.fallback.name, error });
      return this.fallback.generate(request, signal);
    }
    if (questions.length >= request.count) return questions;
    const exclude = new Set([...request.exclude, ...questions.flatMap((q) => [q.id, q.text])]);
    const more = await this.fallback.generate({ ...request, count: request.count - questions.length, exclude }, signal);
    return [...questions, ...more];
  }
}
