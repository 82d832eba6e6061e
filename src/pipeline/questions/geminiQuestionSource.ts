import { geminiJsonLlm, type GeminiJsonLlmOptions } from '../providers/jsonLlm.js';
import { LlmQuestionSource } from './llmQuestionSource.js';

export type GeminiQuestionSourceOptions = GeminiJsonLlmOptions;

/** Generates questions with Gemini, JSON constrained by `responseJsonSchema`. Failures throw ProviderError. */
export class GeminiQuestionSource extends LlmQuestionSource {
  constructor(options: GeminiQuestionSourceOptions) {
    super(geminiJsonLlm(options));
  }
}
