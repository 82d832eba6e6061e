import type { GeminiConnection } from './geminiClient.js';
import { lazyGemini, lazyOpenAI, type GeminiSdk, type OpenAISdk } from './lazyClients.js';
import type { OpenAIConnection } from './openaiClient.js';
import { withRetry, type RetryPolicy } from './retry.js';

/**
 * One request to a provider: its SDK is loaded on first use (outside the retries, so a missing SDK is not
 * retried), then each attempt runs under the retry policy and its failures become ProviderErrors.
 */
export type ProviderCall<Sdk> = <T>(attempt: (sdk: Sdk, attemptSignal: AbortSignal) => Promise<T>, signal?: AbortSignal) => Promise<T>;

export function openaiCall(provider: string, connection: OpenAIConnection, retry: RetryPolicy): ProviderCall<OpenAISdk> {
  const load = lazyOpenAI(connection, retry.timeoutMs);
  return async (attempt, signal) => {
    const sdk = await load();
    return withRetry((attemptSignal) => attempt(sdk, attemptSignal), retry, { provider, classify: sdk.classifyOpenAIError(provider), signal });
  };
}

export function geminiCall(provider: string, connection: GeminiConnection, retry: RetryPolicy): ProviderCall<GeminiSdk> {
  const load = lazyGemini(connection);
  return async (attempt, signal) => {
    const sdk = await load();
    return withRetry((attemptSignal) => attempt(sdk, attemptSignal), retry, {
      provider,
      classify: (error) => sdk.classifyGeminiError(provider, error),
      signal,
    });
  };
}
