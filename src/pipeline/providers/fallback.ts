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

/**
 * A provider with an offline one of the same kind behind it. It goes by the primary's name, so what it
 * produced is stored under the provider the operator chose; `primary` and `fallback` stay readable for
 * diagnostics and tests.
 */
export abstract class FallbackPair<Provider extends { readonly name: string }> {
  readonly name: string;
  /** Which interface falls back, for the FallbackEvent. */
  protected abstract readonly role: string;
  readonly #onFallback: FallbackListener | undefined;

  constructor(
    readonly primary: Provider,
    readonly fallback: Provider,
    onFallback?: FallbackListener,
  ) {
    this.name = primary.name;
    this.#onFallback = onFallback;
  }

  protected withFallback<T>(primary: (provider: Provider) => Promise<T>, fallback: (provider: Provider) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    return withFallback(
      () => primary(this.primary),
      () => fallback(this.fallback),
      { role: this.role, primary: this.primary.name, fallback: this.fallback.name },
      signal,
      this.#onFallback,
    );
  }
}
