import { geminiJsonLlm, type GeminiJsonLlmOptions } from '../providers/jsonLlm.js';
import { LlmEvaluator } from './llmEvaluator.js';

export type GeminiEvaluatorOptions = GeminiJsonLlmOptions;

/** Scores answers with Gemini, JSON constrained by `responseJsonSchema`. Failures throw ProviderError. */
export class GeminiEvaluator extends LlmEvaluator {
  constructor(options: GeminiEvaluatorOptions) {
    super(geminiJsonLlm(options));
  }
}
