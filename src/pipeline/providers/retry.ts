import { ProviderError } from './ProviderError.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryPolicy {
  /** Further attempts after the first for transient failures (PROVIDER_MAX_RETRIES). */
  maxRetries: number;
  /** Bound on each attempt (PROVIDER_TIMEOUT_MS); enforced with an AbortSignal handed to the attempt. */
  timeoutMs: number;
  /** Further attempts when the server answered with output that failed validation. Default 1. */
  invalidOutputRetries?: number;
  /** First backoff step when the server gives no Retry-After. Default 500 ms. */
  baseDelayMs?: number;
  /**
   * Longest wait between attempts. A Retry-After above it ends the retries at once: a user is waiting, and the
   * offline fallback answering now beats the provider answering in a minute. Default 8 s.
   */
  maxDelayMs?: number;
  /** Injectable clock for tests. */
  sleep?: Sleep;
  /** Injectable jitter source in [0, 1). */
  random?: () => number;
}

export interface RetryContext {
  /** The provider's name, for the errors this helper makes. */
  provider: string;
  /** Turns whatever the SDK threw into a ProviderError (timeouts and aborts are recognised before it runs). */
  classify: (error: unknown) => ProviderError;
  /** The caller's signal: aborting it stops at once, with no further attempts. */
  signal?: AbortSignal;
  /** Called before each wait, for logs. */
  onRetry?: (error: ProviderError, attempt: number, delayMs: number) => void;
}

export const DEFAULT_BASE_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 8_000;

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Runs `attempt` until it succeeds or the budget is spent. Each attempt gets its own signal that fires after
 * `timeoutMs` or when the caller aborts; the SDKs are called with their own retries off, so this is the only
 * retry loop and the bound is exact: at most 1 + maxRetries + invalidOutputRetries attempts.
 */
export async function withRetry<T>(
  attempt: (signal: AbortSignal, attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  context: RetryContext,
): Promise<T> {
  const sleep = policy.sleep ?? realSleep;
  const random = policy.random ?? Math.random;
  const maxDelayMs = policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  let transientLeft = policy.maxRetries;
  let invalidLeft = policy.invalidOutputRetries ?? 1;

  for (let attemptNumber = 1; ; attemptNumber++) {
    throwIfCallerAborted(context);
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    const signal = context.signal ? AbortSignal.any([context.signal, timeout]) : timeout;
    let failure: ProviderError;
    try {
      return await attempt(signal, attemptNumber);
    } catch (error) {
      throwIfCallerAborted(context, error);
      failure = timeout.aborted
        ? new ProviderError(context.provider, 'timeout', `no answer within ${policy.timeoutMs} ms`, { cause: error })
        : context.classify(error);
    }

    if (failure.failure === 'invalid_output') {
      if (invalidLeft-- <= 0) throw failure;
      context.onRetry?.(failure, attemptNumber, 0);
      continue;
    }
    if (!failure.transient || transientLeft-- <= 0) throw failure;
    const delay = failure.retryAfterMs ?? backoff(policy, attemptNumber, random);
    if (delay > maxDelayMs) throw failure;
    context.onRetry?.(failure, attemptNumber, delay);
    try {
      await sleep(delay, context.signal);
    } catch (error) {
      throwIfCallerAborted(context, error);
      throw error;
    }
  }
}

/** Exponential backoff with jitter in [half, full] of the step, capped by maxDelayMs. */
function backoff(policy: RetryPolicy, attemptNumber: number, random: () => number): number {
  const base = policy.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const step = Math.min(policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, base * 2 ** (attemptNumber - 1));
  return Math.round(step * (0.5 + random() / 2));
}

function throwIfCallerAborted(context: RetryContext, cause?: unknown): void {
  if (context.signal?.aborted) {
    throw new ProviderError(context.provider, 'aborted', 'the caller cancelled the request', {
      cause: cause ?? context.signal.reason,
    });
  }
}
