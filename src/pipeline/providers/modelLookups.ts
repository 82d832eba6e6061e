import type { GeminiConnection } from './geminiClient.js';
import { lazyGemini, lazyOpenAI } from './lazyClients.js';
import type { OpenAIConnection } from './openaiClient.js';
import { ProviderError } from './ProviderError.js';

/** How a model lookup ended. Errors are ProviderErrors: no raw SDK text travels further. */
export type LookupOutcome =
  | { kind: 'found' }
  | { kind: 'no_lookup' }
  | { kind: 'key_rejected'; error: ProviderError }
  | { kind: 'model_missing'; error: ProviderError }
  | { kind: 'failed'; error: ProviderError };

export type ModelLookup = (model: string, signal: AbortSignal) => Promise<LookupOutcome>;

/** Gemini answers a bad key with 400 API_KEY_INVALID, not 401; a key without access gets 403. */
const GEMINI_BAD_KEY = /API_KEY_INVALID|API key not valid|API key expired/i;

/** `models.get` — GET /{version}/models/{model}: checks the key and the model without spending tokens. */
export function lookupGeminiModel(connection: GeminiConnection): ModelLookup {
  const sdk = lazyGemini(connection);
  return async (model, signal) => {
    const { client, classifyGeminiError } = await sdk();
    try {
      await client.models.get({ model, config: { abortSignal: signal } });
      return { kind: 'found' };
    } catch (raw) {
      const error = timedOut(classifyGeminiError('gemini', raw), signal);
      const cause = error.cause instanceof Error ? error.cause.message : '';
      if (error.status === 401 || error.status === 403 || (error.status === 400 && GEMINI_BAD_KEY.test(cause))) {
        return { kind: 'key_rejected', error };
      }
      if (error.status === 404) return { kind: 'model_missing', error };
      return { kind: 'failed', error };
    }
  };
}

/**
 * `models.retrieve` — GET /v1/models/{id}. Some OpenAI-compatible servers list models but cannot fetch one
 * (or have neither): a 404 is confirmed against the list before the model is called missing.
 */
export function lookupOpenAIModel(connection: OpenAIConnection, timeoutMs = 60_000): ModelLookup {
  const sdk = lazyOpenAI(connection, timeoutMs);
  return async (model, signal) => {
    const [{ client, classifyOpenAIError }, { APIError }] = await Promise.all([sdk(), import('openai')]);
    const classify = classifyOpenAIError('openai');
    try {
      await client.models.retrieve(model, { signal, maxRetries: 0 });
      return { kind: 'found' };
    } catch (raw) {
      const error = timedOut(classify(raw), signal);
      if (error.status === 401 || error.status === 403) return { kind: 'key_rejected', error };
      if (error.status !== 404 || !(raw instanceof APIError)) return { kind: 'failed', error };
      try {
        const ids: string[] = [];
        for await (const entry of client.models.list({ signal, maxRetries: 0 })) ids.push(entry.id);
        return ids.includes(model) ? { kind: 'found' } : { kind: 'model_missing', error };
      } catch (listRaw) {
        const listError = timedOut(classify(listRaw), signal);
        if (listError.status === 404) return { kind: 'no_lookup' };
        return { kind: 'failed', error: listError };
      }
    }
  };
}

/** Our own timeout ends the call as an abort; for the check that is a timeout, not a cancellation. */
function timedOut(error: ProviderError, signal: AbortSignal): ProviderError {
  if (!signal.aborted || error.failure === 'timeout') return error;
  return new ProviderError(error.provider, 'timeout', 'the start-up check timed out', { cause: error.cause });
}
