import { FallbackPair } from '../providers/fallback.js';
import type { Question, QuestionRequest, QuestionSource } from './types.js';

/**
 * An LLM question source with the offline bank behind it. When the LLM fails, the bank answers; when it
 * returns fewer new questions than asked (repeats filtered out), the bank tops the list up.
 */
export class FallbackQuestionSource extends FallbackPair<QuestionSource> implements QuestionSource {
  protected readonly role = 'questions';

  async generate(request: QuestionRequest, signal?: AbortSignal): Promise<Question[]> {
    let fellBack = false;
    const questions = await this.withFallback(
      (primary) => primary.generate(request, signal),
      (fallback) => {
        fellBack = true;
        return fallback.generate(request, signal);
      },
      signal,
    );
    if (fellBack || questions.length >= request.count) return questions;
    const exclude = new Set([...request.exclude, ...questions.flatMap((q) => [q.id, q.text])]);
    const more = await this.fallback.generate({ ...request, count: request.count - questions.length, exclude }, signal);
    return [...questions, ...more];
  }
}
