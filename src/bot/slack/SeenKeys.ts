/**
 * Remembers keys for a while so one upload or message is handled once: Slack may deliver a clip as both
 * `message`/`file_share` and `file_shared`, and retries any event it thinks was not acknowledged in time.
 */
export class SeenKeys {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time a key is claimed within the TTL; false for repeats. */
  claim(key: string): boolean {
    const now = this.now();
    this.prune(now);
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > now) return false;
    this.expiries.set(key, now + this.ttlMs);
    return true;
  }

  has(key: string): boolean {
    const expiry = this.expiries.get(key);
    return expiry !== undefined && expiry > this.now();
  }

  get size(): number {
    return this.expiries.size;
  }

  private prune(now: number): void {
    // Insertion order is expiry order (constant TTL), so stop at the first live key.
    for (const [key, expiry] of this.expiries) {
      if (expiry > now) break;
      this.expiries.delete(key);
    }
  }
}
