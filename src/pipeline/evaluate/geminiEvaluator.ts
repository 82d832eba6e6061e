import type { GeminiConnection } from '../providers/geminiClient.js';
import { lazyGemini, type GeminiSdk } from '../providers/lazyClients.js';
import { geminiJsonGenerate } from '../providers/jsonChat.js';
import { withRetry, type RetryPolicy } from '../providers/retry.js';
import { evaluationJsonSchema, parseLlmEvaluation } from './evaluationSchema.js';
import { buildScoringPrompt } from './scoringPrompt.js';
import type { Evaluation, EvaluationInput, Evaluator } from './types.js';

export interface GeminiEvaluatorOptions extends GeminiConnection {
  /** GEMINI_MODEL. */
  model: string;
  retry: RetryPolicy;
}

/** Scores answers with Gemini, JSON constrained by `responseJsonSchema`. Failures throw ProviderError. */
export class GeminiEvaluator implements Evaluator {
  readonly name = 'gemini';
  readonly model: string;
  readonly #sdk: () => Promise<GeminiSdk>;
  readonly #retry: RetryPolicy;

  constructor(options: GeminiEvaluatorOptions) {
    this.model = options.model;
    this.#retry = options.retry;
    this.#sdk = lazyGemini(options);
  }

  async evaluate(input: EvaluationInput, signal?: AbortSignal): Promise<Evaluation> {
    const { client, classifyGeminiError } = await this.#sdk();
    const prompt = buildScoringPrompt(input);
    return withRetry(
      async (attemptSignal) => {
        const text = await geminiJsonGenerate(
          client,
          this.name,
          { model: this.model, system: prompt.system, user: prompt.user, schemaName: 'evaluation', schema: evaluationJsonSchema, temperature: 0.2 },
          attemptSignal,
        );
        return parseLlmEvaluation(text, input.question, { evaluator: this.name, model: this.model });
      },
      this.#retry,
      { provider: this.name, classify: (error) => classifyGeminiError(this.name, error), signal },
    );
  }
}
