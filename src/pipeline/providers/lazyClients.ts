import type { GoogleGenAI } from '@google/genai';
import type OpenAI from 'openai';
import type { GeminiConnection } from './geminiClient.js';
import type { OpenAIConnection } from './openaiClient.js';

/** openaiClient.ts (the `openai` SDK behind it) and a client made from it. */
export type OpenAISdk = typeof import('./openaiClient.js') & { client: OpenAI };
/** geminiClient.ts (`@google/genai` and google-auth-library behind it) and a client made from it. */
export type GeminiSdk = typeof import('./geminiClient.js') & { client: GoogleGenAI };

/**
 * The SDKs are hundreds of modules: a provider loads its own on its first request, so a process that never calls
 * it (the CLI's `questions` offline, a bot start with no key) never loads them. One client per provider, made once.
 */
export function lazyOpenAI(connection: OpenAIConnection, timeoutMs: number): () => Promise<OpenAISdk> {
  let sdk: Promise<OpenAISdk> | undefined;
  return () => (sdk ??= import('./openaiClient.js').then((m) => ({ ...m, client: m.createOpenAIClient(connection, timeoutMs) })));
}

export function lazyGemini(connection: GeminiConnection): () => Promise<GeminiSdk> {
  let sdk: Promise<GeminiSdk> | undefined;
  return () => (sdk ??= import('./geminiClient.js').then((m) => ({ ...m, client: m.createGeminiClient(connection) })));
}
