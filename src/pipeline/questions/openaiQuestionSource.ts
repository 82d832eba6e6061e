import type { OpenAIConnection } from '../providers/openaiClient.js';
import { lazyOpenAI, type OpenAISdk } from '../providers/lazyClients.js';
import { openaiJsonCompletion } from '../providers/jsonChat.js';
import { withRetry, type RetryPolicy } from '../providers/retry.js';
import { buildQuestionPrompt, parseLlmQuestions, questionsJsonSchema } from './llmQuestionPrompt.js';
import type { Question, QuestionRequest, QuestionSource } from './types.js';

export interface OpenAIQuestionSourceOptions extends OpenAIConnection {
  /** OPENAI_MODEL. */
  model: string;
  retry: RetryPolicy;
}

/** Generates questions through an OpenAI-compatible chat API with a strict JSON-schema response format. */
export class OpenAIQuestionSource implements QuestionSource {
  readonly name = 'openai';
  readonly model: string;
  readonly #sdk: () => Promise<OpenAISdk>;
  readonly #retry: RetryPolicy;

  constructor(options: OpenAIQuestionSourceOptions) {
    this.model = options.model;
    this.#retry = options.retry;
    this.#sdk = lazyOpenAI(options, options.retry.timeoutMs);
  }

  async generate(request: QuestionRequest, signal?: AbortSignal): Promise<Question[]> {
    const { client, classifyOpenAIError } = await this.#sdk();
    const prompt = buildQuestionPrompt(request);
    return withRetry(
      async (attemptSignal) => {
        const content = await openaiJsonCompletion(
          client,
          // Variety matters more here than in scoring: the same request should not give the same questions.
          { model: this.model, system: prompt.system, user: prompt.user, schemaName: 'interview_questions', schema: questionsJsonSchema, temperature: 0.9 },
          attemptSignal,
        );
        return parseLlmQuestions(content, request, 'openai');
      },
      this.#retry,
      { provider: this.name, classify: classifyOpenAIError(this.name), signal },
    );
  }
}
