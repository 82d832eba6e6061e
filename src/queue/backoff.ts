import type { RetryPolicy } from './JobQueue.js';

/** Seconds before retry number `failedAttempts` (1 after the first failure): the delay doubles each time. */
export function backoffSeconds(policy: RetryPolicy, failedAttempts: number): number {
  return policy.retryDelaySec * 2 ** Math.min(16, Math.max(0, failedAttempts - 1));
}
