import { AsyncLocalStorage } from 'node:async_hooks';

interface Hold {
  open: boolean;
}

/**
 * One caller at a time on a SQLite connection. better-sqlite3 has one connection and a transaction spans awaits,
 * so without the gate another caller's statement would run inside (and commit or roll back with) someone else's
 * transaction. Re-entrant: code already running under the gate (a repository method calling another, or a
 * statement inside a transaction) goes straight through, which AsyncLocalStorage tells apart from other callers.
 * A continuation that outlives its turn (fire-and-forget from inside) queues again like anyone else.
 */
export class SqliteGate {
  private tail: Promise<void> = Promise.resolve();
  private readonly holder = new AsyncLocalStorage<Hold>();

  /** Whether the current async context holds the gate. */
  get held(): boolean {
    return this.holder.getStore()?.open === true;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.held) return fn();
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    const hold: Hold = { open: true };
    try {
      return await this.holder.run(hold, fn);
    } finally {
      hold.open = false;
      release();
    }
  }
}
