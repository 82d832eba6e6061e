import { describe, expect, it } from 'vitest';
import { parseRetryAfter, ProviderError } from '../../src/pipeline/providers/ProviderError.js';
import { withRetry } from '../../src/pipeline/providers/retry.js';
import { fastRetry, recordingSleep } from './providerTestKit.js';

const classify = (error: unknown): ProviderError =>
  error instanceof ProviderError ? error : new ProviderError('test', 'connection', 'boom', { cause: error });

function failing(...failures: Array<ProviderError | 'ok'>): { calls: number; fn: () => Promise<string> } {
  const state = {
    calls: 0,
    fn: async (): Promise<string> => {
      const next = failures[state.calls++];
      if (next === 'ok' || next === undefined) return 'done';
      throw next;
    },
  };
  return state;
}

const rateLimited = (retryAfterMs?: number) => new ProviderError('test', 'rate_limited', '429', { status: 429, retryAfterMs });
const unavailable = () => new ProviderError('test', 'unavailable', '500', { status: 500 });
const invalid = () => new ProviderError('test', 'invalid_output', 'bad json');

describe('withRetry', () => {
  it('waits what Retry-After says, then succeeds', async () => {
    const { delays, sleep } = recordingSleep();
    const run = failing(rateLimited(1500), 'ok');
    await expect(withRetry(run.fn, fastRetry({ sleep }), { provider: 'test', classify })).resolves.toBe('done');
    expect(run.calls).toBe(2);
    expect(delays).toEqual([1500]);
  });

  it('gives up at once when Retry-After is longer than the longest wait allowed', async () => {
    const { delays, sleep } = recordingSleep();
    const run = failing(rateLimited(60_000), 'ok');
    const error = await withRetry(run.fn, fastRetry({ sleep, maxDelayMs: 10_000 }), { provider: 'test', classify }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).failure).toBe('rate_limited');
    expect(run.calls).toBe(1);
    expect(delays).toEqual([]);
  });

  it('stops after maxRetries transient failures, backing off exponentially within the cap', async () => {
    const { delays, sleep } = recordingSleep();
    const run = failing(unavailable(), unavailable(), unavailable(), unavailable(), 'ok');
    const policy = fastRetry({ sleep, maxRetries: 3, baseDelayMs: 100, maxDelayMs: 250, random: () => 0.999 });
    await expect(withRetry(run.fn, policy, { provider: 'test', classify })).rejects.toMatchObject({ failure: 'unavailable' });
    expect(run.calls).toBe(4);
    expect(delays).toEqual([100, 200, 250]);
  });

  it('retries invalid output once only, apart from the transient budget', async () => {
    const run = failing(invalid(), invalid(), 'ok');
    await expect(withRetry(run.fn, fastRetry({ maxRetries: 5 }), { provider: 'test', classify })).rejects.toMatchObject({
      failure: 'invalid_output',
    });
    expect(run.calls).toBe(2);
  });

  it('does not retry a rejected request (4xx)', async () => {
    const run = failing(new ProviderError('test', 'rejected', '401', { status: 401 }), 'ok');
    await expect(withRetry(run.fn, fastRetry(), { provider: 'test', classify })).rejects.toMatchObject({ failure: 'rejected' });
    expect(run.calls).toBe(1);
  });

  it('times each attempt out through the signal it hands over', async () => {
    let calls = 0;
    const hang = (signal: AbortSignal) =>
      new Promise<string>((_, reject) => {
        calls++;
        signal.addEventListener('abort', () => reject(signal.reason));
      });
    const started = Date.now();
    await expect(withRetry(hang, fastRetry({ timeoutMs: 50, maxRetries: 1 }), { provider: 'test', classify })).rejects.toMatchObject({
      failure: 'timeout',
    });
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("stops on the caller's abort without another attempt", async () => {
    const controller = new AbortController();
    let calls = 0;
    const fn = async (): Promise<string> => {
      calls++;
      controller.abort();
      throw unavailable();
    };
    await expect(withRetry(fn, fastRetry(), { provider: 'test', classify, signal: controller.signal })).rejects.toMatchObject({
      failure: 'aborted',
    });
    expect(calls).toBe(1);
  });
});

describe('parseRetryAfter', () => {
  const headers = (values: Record<string, string>) => new Headers(values);
  it('reads seconds, HTTP dates and retry-after-ms', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '3' }))).toBe(3000);
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '3' }))).toBe(250);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(headers({}))).toBeUndefined();
  });
});
