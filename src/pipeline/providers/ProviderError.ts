/**
 * Why a provider call failed, in terms the retry helper and the fallbacks act on:
 * - transient (worth another attempt): `timeout`, `rate_limited`, `unavailable` (5xx), `connection`
 * - `invalid_output`: the server answered, but not with what the schema asks; retried once
 * - `rejected`: a 4xx other than 429 (bad key, unknown model); another attempt would fail the same way
 * - `aborted`: the caller gave up; nobody should answer in its place
 */
export type ProviderFailure =
  | 'timeout'
  | 'rate_limited'
  | 'unavailable'
  | 'connection'
  | 'invalid_output'
  | 'rejected'
  | 'aborted';

const TRANSIENT: ReadonlySet<ProviderFailure> = new Set(['timeout', 'rate_limited', 'unavailable', 'connection']);

export interface ProviderErrorOptions {
  status?: number;
  /** What the server asked us to wait (Retry-After, retry-after-ms, Gemini RetryInfo), in ms. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A failed provider call. Its message is for logs: it names the provider and the failure kind, never the
 * provider's raw error text (that stays in `cause`) and never a key.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly provider: string,
    readonly failure: ProviderFailure,
    detail: string,
    options: ProviderErrorOptions = {},
  ) {
    super(`${provider}: ${failure}${options.status === undefined ? '' : ` (HTTP ${options.status})`} — ${detail}`, {
      cause: options.cause,
    });
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  get transient(): boolean {
    return TRANSIENT.has(this.failure);
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/** True when the caller's own signal ended the call: fallbacks must not answer then. */
export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  return isProviderError(error) && error.failure === 'aborted';
}

export function invalidOutput(provider: string, detail: string, cause?: unknown): ProviderError {
  return new ProviderError(provider, 'invalid_output', detail, { cause });
}

/** Failure kind for an HTTP status; undefined for success codes. */
export function failureForStatus(status: number): ProviderFailure | undefined {
  if (status < 400) return undefined;
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'rejected';
}

/**
 * Parses Retry-After (delta-seconds or an HTTP date) and the non-standard retry-after-ms.
 * `now` is injectable so date-form values can be tested.
 */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const raw = headers.get('retry-after');
  if (raw === null || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
