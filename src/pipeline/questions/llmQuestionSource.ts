import { JsonLlmTask } from '../providers/jsonLlm.js';
import { buildQuestionPrompt, parseLlmQuestions, questionsJsonSchema } from './llmQuestionPrompt.js';
import type { Question, QuestionRequest, QuestionSource } from './types.js';

/** Generates questions with a chat model asked for JSON that follows the questions schema. Failures throw ProviderError. */
export class LlmQuestionSource extends JsonLlmTask implements QuestionSource {
  generate(request: QuestionRequest, signal?: AbortSignal): Promise<Question[]> {
    return this.llm.ask(
      // Variety matters more here than in scoring: the same request should not give the same questions.
      { ...buildQuestionPrompt(request), schemaName: 'interview_questions', schema: questionsJsonSchema, temperature: 0.9 },
      (text) => parseLlmQuestions(text, request, this.name),
      signal,
    );
  }
}
