import type { Repositories } from '../db/index.js';
import type { SessionRow } from '../db/schema.js';

/**
 * This process's hold on its open rounds, for when several processes share one database (Discord shards). Rounds
 * it starts carry its owner name and a lease; it renews the lease while it runs. After a crash or restart a process
 * claims rounds before resuming them, and the database grants a round only to its owner, or to anyone once the
 * lease has run out (RESTART_GRACE_SECONDS), so no round is resumed by two processes, and a shard that restarts in
 * time gets its own rounds back.
 */
export class RoundLeases {
  constructor(
    private readonly repos: Pick<Repositories, 'leases'>,
    readonly owner: string,
    /** How long a lease lasts without renewal. */
    readonly ms: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The ids of `sessions` this process now holds (its own, unowned ones, and those whose owner let the lease lapse). */
  async claim(sessions: readonly SessionRow[]): Promise<Set<string>> {
    const now = this.now();
    return new Set(await this.repos.leases.claim(sessions.map((s) => s.id), this.owner, new Date(now), new Date(now + this.ms)));
  }

  /** Extends the lease on every open round this process holds. */
  renew(): Promise<number> {
    return this.repos.leases.renew(this.owner, new Date(this.now() + this.ms));
  }

  /** A clean stop: the rounds are free for another process at once. */
  release(): Promise<number> {
    return this.repos.leases.release(this.owner, new Date(this.now()));
  }

  /**
   * Renews every third of the lease (and runs `onTick` after) until the returned function is called. A failed
   * renewal (database busy) goes to `onError`; the next tick tries again, well within the lease.
   */
  keepRenewing(onTick?: () => void, onError?: (error: unknown) => void): () => void {
    const timer = setInterval(() => {
      this.renew()
        .then(() => onTick?.())
        .catch((error: unknown) => onError?.(error));
    }, Math.max(1000, Math.floor(this.ms / 3)));
    timer.unref();
    return () => clearInterval(timer);
  }
}
