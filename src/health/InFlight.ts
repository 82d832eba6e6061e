/**
 * Work that must not be cut off by a shutdown (an answer between "received" and its feedback). SIGTERM waits for
 * it to settle, up to a limit; what is still running then is in the database for the restart path.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  private readonly idleWaiters: (() => void)[] = [];

  get size(): number {
    return this.running.size;
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const settle = () => {
      this.running.delete(work);
      if (this.running.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
    work.then(settle, settle);
    return work;
  }

  /** Resolves true once nothing runs, or false when `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.running.size === 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
