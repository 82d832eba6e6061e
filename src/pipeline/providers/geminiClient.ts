import { ApiError, GoogleGenAI, type GenerateContentParameters, type GenerateContentResponse } from '@google/genai';
import { failureForStatus, invalidOutput, parseRetryAfter, ProviderError } from './ProviderError.js';

export interface GeminiConnection {
  apiKey: string;
  /** GEMINI_BASE_URL, passed as `httpOptions.baseUrl` (a proxy, or a local fake in tests). */
  baseUrl?: string;
  /** GEMINI_API_VERSION; DEFAULT_GEMINI_API_VERSION when unset. */
  apiVersion?: string;
}

/**
 * @google/genai 3 calls `v1` unless told otherwise; JSON-schema output (`responseJsonSchema`) and speech
 * output (`responseModalities: ['AUDIO']`) are documented on `v1beta` (docs/PROVIDERS.md), so it is pinned.
 */
export const DEFAULT_GEMINI_API_VERSION = 'v1beta';

/** The SDK retries only when `retryOptions` is set; it is left unset so `withRetry` is the one retry loop. */
export function createGeminiClient(connection: GeminiConnection): GoogleGenAI {
  return new GoogleGenAI({
    apiKey: connection.apiKey,
    // Pinned: GOOGLE_GENAI_USE_VERTEXAI in the environment would otherwise switch the client to Vertex AI.
    vertexai: false,
    // Pinned too: the SDK's own default, and GOOGLE_GENAI_API_VERSION, would otherwise decide.
    httpOptions: { baseUrl: connection.baseUrl, apiVersion: connection.apiVersion ?? DEFAULT_GEMINI_API_VERSION },
  });
}

/**
 * One generateContent attempt. The SDK's ApiError keeps only the status and body, so the response headers
 * (Retry-After) are caught on the way past through a per-call fetch.
 */
export async function geminiGenerate(
  client: GoogleGenAI,
  provider: string,
  params: GenerateContentParameters,
  signal: AbortSignal,
): Promise<GenerateContentResponse> {
  let retryAfterMs: number | undefined;
  const recordingFetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (!response.ok) retryAfterMs = parseRetryAfter(response.headers);
    return response;
  };
  try {
    return await client.models.generateContent({
      ...params,
      config: { ...params.config, abortSignal: signal, httpOptions: { fetch: recordingFetch } },
    });
  } catch (error) {
    throw classifyGeminiError(provider, error, retryAfterMs);
  }
}

export function classifyGeminiError(provider: string, error: unknown, retryAfterMs?: number): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof ApiError) {
    const failure = failureForStatus(error.status) ?? 'invalid_output';
    return new ProviderError(provider, failure, 'the server refused the request', {
      status: error.status,
      retryAfterMs: retryAfterMs ?? retryInfoDelayMs(error.message),
      cause: error,
    });
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return new ProviderError(provider, 'aborted', 'request aborted', { cause: error });
  }
  if (error instanceof SyntaxError) return invalidOutput(provider, 'the response body is not JSON', error);
  // undici reports refused connections, resets and DNS failures as TypeError('fetch failed').
  return new ProviderError(provider, 'connection', 'could not reach the server', { cause: error });
}

/** Gemini puts its wait in the error body (google.rpc.RetryInfo, e.g. "retryDelay": "17s"). */
function retryInfoDelayMs(message: string): number | undefined {
  const match = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(message);
  return match?.[1] === undefined ? undefined : Number(match[1]) * 1000;
}
