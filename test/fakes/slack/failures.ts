import type { InjectedFailure } from './types.js';

/** HTTP 429 + `Retry-After`, `{ok:false,error:'ratelimited'}` — what Slack sends when a method's tier is exceeded. */
export function rateLimited(retryAfterSec = 0): InjectedFailure {
  return { status: 429, error: 'ratelimited', retryAfterSec };
}

/** A bare HTTP error (e.g. 500, 503) with a non-JSON body, like an upstream outage. */
export function httpError(status = 500): InjectedFailure {
  return { status };
}

/** A normal Slack error: HTTP 200 with `{ok:false,error}` (channel_not_found, not_in_channel, msg_too_long…). */
export function apiError(error: string): InjectedFailure {
  return { status: 200, error };
}

interface Pending {
  failure: InjectedFailure;
  remaining: number;
}

/** Per-method failure queue; a method with no entry is served normally. */
export class FailureInjector {
  private readonly pending = new Map<string, Pending>();

  set(method: string, failure: InjectedFailure, times: number): void {
    this.pending.set(method, { failure, remaining: times });
  }

  clear(method?: string): void {
    if (method === undefined) this.pending.clear();
    else this.pending.delete(method);
  }

  /** Consumes one failure for `method`, if any is armed. */
  take(method: string): InjectedFailure | undefined {
    const entry = this.pending.get(method);
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.pending.delete(method);
    return entry.failure;
  }
}
