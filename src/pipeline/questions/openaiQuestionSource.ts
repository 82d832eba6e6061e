import { openaiJsonLlm, type OpenAIJsonLlmOptions } from '../providers/jsonLlm.js';
import { LlmQuestionSource } from './llmQuestionSource.js';

export type OpenAIQuestionSourceOptions = OpenAIJsonLlmOptions;

/** Generates questions through an OpenAI-compatible chat API with a strict JSON-schema response format. */
export class OpenAIQuestionSource extends LlmQuestionSource {
  constructor(options: OpenAIQuestionSourceOptions) {
    super(openaiJsonLlm(options));
  }
}
