import type { GeminiConnection } from '../providers/geminiClient.js';
import { lazyGemini, type GeminiSdk } from '../providers/lazyClients.js';
import { geminiJsonGenerate } from '../providers/jsonChat.js';
import { withRetry, type RetryPolicy } from '../providers/retry.js';
import { buildQuestionPrompt, parseLlmQuestions, questionsJsonSchema } from './llmQuestionPrompt.js';
import type { Question, QuestionRequest, QuestionSource } from './types.js';

export interface GeminiQuestionSourceOptions extends GeminiConnection {
  /** GEMINI_MODEL. */
  model: string;
  retry: RetryPolicy;
}

/** Generates questions with Gemini, JSON constrained by `responseJsonSchema`. Failures throw ProviderError. */
export class GeminiQuestionSource implements QuestionSource {
  readonly name = 'gemini';
  readonly model: string;
  readonly #sdk: () => Promise<GeminiSdk>;
  readonly #retry: RetryPolicy;

  constructor(options: GeminiQuestionSourceOptions) {
    this.model = options.model;
    this.#retry = options.retry;
    this.#sdk = lazyGemini(options);
  }

  async generate(request: QuestionRequest, signal?: AbortSignal): Promise<Question[]> {
    const { client, classifyGeminiError } = await this.#sdk();
    const prompt = buildQuestionPrompt(request);
    return withRetry(
      async (attemptSignal) => {
        const text = await geminiJsonGenerate(
          client,
          this.name,
          // Variety matters more here than in scoring: the same request should not give the same questions.
          { model: this.model, system: prompt.system, user: prompt.user, schemaName: 'interview_questions', schema: questionsJsonSchema, temperature: 0.9 },
          attemptSignal,
        );
        return parseLlmQuestions(text, request, 'gemini');
      },
      this.#retry,
      { provider: this.name, classify: (error) => classifyGeminiError(this.name, error), signal },
    );
  }
}
