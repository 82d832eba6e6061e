import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { failureForStatus, invalidOutput, parseRetryAfter, ProviderError } from './ProviderError.js';

export interface OpenAIConnection {
  /** Local servers (Ollama, LM Studio, vLLM, speaches) ignore it; the SDK insists on one. */
  apiKey?: string;
  /** e.g. `http://localhost:11434/v1`; the SDK's default (api.openai.com) when unset. */
  baseUrl?: string;
}

/** Placeholder key for OpenAI-compatible servers that need none. */
export const NO_KEY = 'not-needed';

/**
 * The SDK client with its own retries off: `withRetry` is the one retry loop (it caps Retry-After and can be
 * driven by a test clock). Each request still passes `maxRetries: 0` so a shared client cannot double up.
 */
export function createOpenAIClient(connection: OpenAIConnection, timeoutMs: number): OpenAI {
  return new OpenAI({
    apiKey: connection.apiKey ?? NO_KEY,
    baseURL: connection.baseUrl,
    maxRetries: 0,
    timeout: timeoutMs,
  });
}

export function classifyOpenAIError(provider: string): (error: unknown) => ProviderError {
  return (error) => {
    if (error instanceof ProviderError) return error;
    if (error instanceof APIUserAbortError) return new ProviderError(provider, 'aborted', 'request aborted', { cause: error });
    if (error instanceof APIConnectionTimeoutError) {
      return new ProviderError(provider, 'timeout', 'request timed out', { cause: error });
    }
    if (error instanceof APIConnectionError) {
      return new ProviderError(provider, 'connection', 'could not reach the server', { cause: error });
    }
    if (error instanceof APIError && typeof error.status === 'number') {
      const failure = failureForStatus(error.status) ?? 'invalid_output';
      return new ProviderError(provider, failure, 'the server refused the request', {
        status: error.status,
        retryAfterMs: parseRetryAfter(error.headers),
        cause: error,
      });
    }
    // A 200 whose body is not JSON reaches us as a SyntaxError from the SDK's parser.
    if (error instanceof SyntaxError) return invalidOutput(provider, 'the response body is not JSON', error);
    return new ProviderError(provider, 'connection', 'unexpected failure', { cause: error });
  };
}
