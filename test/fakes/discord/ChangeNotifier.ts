/**
 * Lets tests await a condition over the fake's recorded state. Every state change calls notify(); waiters
 * re-evaluate their check then, so nothing polls on a timer.
 */
export class ChangeNotifier {
  private readonly waiters = new Set<() => void>();

  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** `check` may be async (e.g. it reads the app's database); the first defined value wins. */
  waitUntil<T>(check: () => T | undefined | PromiseLike<T | undefined>, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const cleanup = (): void => {
        settled = true;
        clearTimeout(timer);
        this.waiters.delete(onChange);
      };
      const fail = (error: unknown): void => {
        if (settled) return;
        cleanup();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      const onChange = (): void => {
        let result: T | undefined | PromiseLike<T | undefined>;
        try {
          result = check();
        } catch (error) {
          fail(error);
          return;
        }
        Promise.resolve(result).then((value) => {
          if (settled || value === undefined) return;
          cleanup();
          resolve(value);
        }, fail);
      };
      const timer = setTimeout(() => {
        if (settled) return;
        cleanup();
        reject(new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      this.waiters.add(onChange);
      onChange();
    });
  }
}
