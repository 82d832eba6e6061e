import type OpenAI from 'openai';
import { classifyOpenAIError, createOpenAIClient, type OpenAIConnection } from '../providers/openaiClient.js';
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
  readonly #client: OpenAI;
  readonly #retry: RetryPolicy;

  constructor(options: OpenAIQuestionSourceOptions) {
    this.model = options.model;
    this.#retry = options.retry;
    this.#client = createOpenAIClient(options, options.retry.timeoutMs);
  }

  generate(request: QuestionRequest, signal?: AbortSignal): Promise<Question[]> {
    const prompt = buildQuestionPrompt(request);
    return withRetry(
      async (attemptSignal) => {
        const completion = await this.#client.chat.completions.create(
          {
            model: this.model,
            messages: [
              { role: 'system', content: prompt.system },
              { role: 'user', content: prompt.user },
            ],
            response_format: {
              type: 'json_schema',
              json_schema: { name: 'interview_questions', schema: questionsJsonSchema, strict: true },
            },
            temperature: 0.9,
          },
          { signal: attemptSignal, maxRetries: 0 },
        );
        return parseLlmQuestions(completion.choices[0]?.message.content ?? undefined, request, 'openai');
      },
      this.#retry,
      { provider: this.name, classify: classifyOpenAIError(this.name), signal },
    );
  }
}
