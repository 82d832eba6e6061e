import type { OpenAIConnection } from '../providers/openaiClient.js';
import { lazyOpenAI, type OpenAISdk } from '../providers/lazyClients.js';
import { openaiJsonCompletion } from '../providers/jsonChat.js';
import { withRetry, type RetryPolicy } from '../providers/retry.js';
import { evaluationJsonSchema, parseLlmEvaluation } from './evaluationSchema.js';
import { buildScoringPrompt } from './scoringPrompt.js';
import type { Evaluation, EvaluationInput, Evaluator } from './types.js';

export interface OpenAIEvaluatorOptions extends OpenAIConnection {
  /** OPENAI_MODEL; any chat model the server at `baseUrl` serves (Ollama, LM Studio, vLLM…). */
  model: string;
  retry: RetryPolicy;
}

/** Scores answers through an OpenAI-compatible chat API with a strict JSON-schema response format. */
export class OpenAIEvaluator implements Evaluator {
  readonly name = 'openai';
  readonly model: string;
  readonly #sdk: () => Promise<OpenAISdk>;
  readonly #retry: RetryPolicy;

  constructor(options: OpenAIEvaluatorOptions) {
    this.model = options.model;
    this.#retry = options.retry;
    this.#sdk = lazyOpenAI(options, options.retry.timeoutMs);
  }

  async evaluate(input: EvaluationInput, signal?: AbortSignal): Promise<Evaluation> {
    const { client, classifyOpenAIError } = await this.#sdk();
    const prompt = buildScoringPrompt(input);
    return withRetry(
      async (attemptSignal) => {
        const content = await openaiJsonCompletion(
          client,
          { model: this.model, system: prompt.system, user: prompt.user, schemaName: 'evaluation', schema: evaluationJsonSchema, temperature: 0.2 },
          attemptSignal,
        );
        return parseLlmEvaluation(content, input.question, { evaluator: this.name, model: this.model });
      },
      this.#retry,
      { provider: this.name, classify: classifyOpenAIError(this.name), signal },
    );
  }
}
