import { isAbort } from './ProviderError.js';

export interface FallbackEvent {
  /** Which interface fell back: `questions`, `evaluator`, `speaker`. */
  role: string;
  primary: string;
  fallback: string;
  /** The ProviderError (or whatever the primary threw); for logs, never for users. */
  error: unknown;
}

export type FallbackListener = (event: FallbackEvent) => void;

/**
 * Runs the primary; on any failure except the caller's own abort, the fallback answers. Abort is passed on:
 * nobody is waiting for that answer any more.
 */
export async function withFallback<T>(
  primary: () => Promise<T>,
  fallback: () => Promise<T>,
  event: Omit<FallbackEvent, 'error'>,
  signal: AbortSignal | undefined,
  onFallback: FallbackListener | undefined,
): Promise<T> {
  try {
    return await primary();
  } catch (error) {
    if (isAbort(error, signal)) throw error;
    onFallback?.({ ...event, error });
    return fallback();
  }
}
