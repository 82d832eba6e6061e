import { openaiJsonLlm, type OpenAIJsonLlmOptions } from '../providers/jsonLlm.js';
import { LlmEvaluator } from './llmEvaluator.js';

export type OpenAIEvaluatorOptions = OpenAIJsonLlmOptions;

/** Scores answers through an OpenAI-compatible chat API with a strict JSON-schema response format. */
export class OpenAIEvaluator extends LlmEvaluator {
  constructor(options: OpenAIEvaluatorOptions) {
    super(openaiJsonLlm(options));
  }
}
