import type { RecordedCall } from './types.js';

type Listener = () => void;

/** Every request the fake served, in arrival order, with waiting helpers that react to new calls (no polling). */
export class CallLog {
  private readonly entries: RecordedCall[] = [];
  private readonly listeners = new Set<Listener>();

  record(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    const recorded: RecordedCall = { ...call, seq: this.entries.length + 1 };
    this.entries.push(recorded);
    for (const listener of [...this.listeners]) listener();
    return recorded;
  }

  all(method?: string): RecordedCall[] {
    return method === undefined ? [...this.entries] : this.entries.filter((call) => call.method === method);
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** Notifies listeners without a new call (state such as messages changed). */
  touch(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves with the first recorded call (past or future) matching `predicate`. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs = 2000): Promise<RecordedCall> {
    return this.waitUntil(() => this.entries.find(predicate), timeoutMs, 'no recorded call matched the predicate');
  }

  /** Resolves with `probe()`'s first truthy value, re-checked after every call. */
  /** `probe` may be async (e.g. it reads the app's database). */
  waitUntil<T>(probe: () => T | undefined | null | false | PromiseLike<T | undefined | null | false>, timeoutMs = 2000, what = 'condition not met'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const check = (): void => {
        Promise.resolve(probe()).then((value) => {
          if (settled || value === undefined || value === null || value === false) return;
          finish();
          resolve(value);
        }, fail);
      };
      const fail = (error: unknown): void => {
        if (settled) return;
        finish();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      const timer = setTimeout(() => {
        if (settled) return;
        finish();
        const seen = this.entries.map((call) => `${call.method}:${call.status}`).join(', ') || 'none';
        reject(new Error(`FakeSlack: ${what} within ${timeoutMs} ms (calls so far: ${seen})`));
      }, timeoutMs);
      const listener = (): void => {
        try {
          check();
        } catch (error) {
          fail(error);
        }
      };
      const finish = (): void => {
        settled = true;
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      listener();
    });
  }
}
