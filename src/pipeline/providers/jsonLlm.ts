import type { GeminiConnection } from './geminiClient.js';
import { geminiJsonGenerate, openaiJsonCompletion, type JsonRequest } from './jsonChat.js';
import type { OpenAIConnection } from './openaiClient.js';
import { geminiCall, openaiCall } from './providerCall.js';
import type { RetryPolicy } from './retry.js';

/** What a JSON-constrained request says besides the model, which the JsonLlm holds. */
export type JsonPrompt = Omit<JsonRequest, 'model'>;

/**
 * A chat model asked for JSON that follows a schema. The evaluator and the question source ask the same way
 * whichever provider answers; `parse` runs inside each attempt, so a reply that fails validation is retried
 * like any other invalid output.
 */
export interface JsonLlm {
  readonly name: 'openai' | 'gemini';
  readonly model: string;
  ask<T>(prompt: JsonPrompt, parse: (text: string | undefined) => T, signal?: AbortSignal): Promise<T>;
}

export interface OpenAIJsonLlmOptions extends OpenAIConnection {
  /** OPENAI_MODEL; any chat model the server at `baseUrl` serves (Ollama, LM Studio, vLLM…). */
  model: string;
  retry: RetryPolicy;
}

export interface GeminiJsonLlmOptions extends GeminiConnection {
  /** GEMINI_MODEL. */
  model: string;
  retry: RetryPolicy;
}

/** OpenAI-compatible chat with a strict JSON-schema response format. */
export function openaiJsonLlm(options: OpenAIJsonLlmOptions): JsonLlm {
  const name = 'openai' as const;
  const { model } = options;
  const call = openaiCall(name, options, options.retry);
  return {
    name,
    model,
    ask: (prompt, parse, signal) =>
      call(async ({ client }, attemptSignal) => parse(await openaiJsonCompletion(client, { ...prompt, model }, attemptSignal)), signal),
  };
}

/** Gemini, JSON constrained by `responseJsonSchema`. */
export function geminiJsonLlm(options: GeminiJsonLlmOptions): JsonLlm {
  const name = 'gemini' as const;
  const { model } = options;
  const call = geminiCall(name, options, options.retry);
  return {
    name,
    model,
    ask: (prompt, parse, signal) =>
      call(async ({ client }, attemptSignal) => parse(await geminiJsonGenerate(client, name, { ...prompt, model }, attemptSignal)), signal),
  };
}

/** Whatever asks a JsonLlm goes by its provider's name and model, so results say who produced them. */
export abstract class JsonLlmTask {
  readonly name: JsonLlm['name'];
  readonly model: string;

  constructor(protected readonly llm: JsonLlm) {
    this.name = llm.name;
    this.model = llm.model;
  }
}
