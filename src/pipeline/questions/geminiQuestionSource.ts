import type { GoogleGenAI } from '@google/genai';
import { classifyGeminiError, createGeminiClient, geminiGenerate, type GeminiConnection } from '../providers/geminiClient.js';
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
  readonly #client: GoogleGenAI;
  readonly #retry: RetryPolicy;

  constructor(options: GeminiQuestionSourceOptions) {
    this.model = options.model;
    this.#retry = options.retry;
    this.#client = createGeminiClient(options);
  }

  generate(request: QuestionRequest, signal?: AbortSignal): Promise<Question[]> {
    const prompt = buildQuestionPrompt(request);
    return withRetry(
      async (attemptSignal) => {
        const response = await geminiGenerate(
          this.#client,
          this.name,
          {
            model: this.model,
            contents: [{ role: 'user', parts: [{ text: prompt.user }] }],
            config: {
              systemInstruction: prompt.system,
              responseMimeType: 'application/json',
              responseJsonSchema: questionsJsonSchema,
              // Variety matters more here than in scoring: the same request should not give the same questions.
              temperature: 0.9,
            },
          },
          attemptSignal,
        );
        return parseLlmQuestions(response.text, request, 'gemini');
      },
      this.#retry,
      { provider: this.name, classify: (error) => classifyGeminiError(this.name, error), signal },
    );
  }
}
