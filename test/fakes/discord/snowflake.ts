const DISCORD_EPOCH = 1_420_070_400_000n;

/** Issues real-shaped, strictly increasing snowflakes so discord.js can derive timestamps from ids. */
export class SnowflakeFactory {
  private increment = 0n;
  private lastTimestamp = 0n;

  next(): string {
    let timestamp = BigInt(Date.now()) - DISCORD_EPOCH;
    if (timestamp <= this.lastTimestamp) timestamp = this.lastTimestamp;
    if (timestamp !== this.lastTimestamp) this.increment = 0n;
    this.lastTimestamp = timestamp;
    const id = (timestamp << 22n) | (1n << 17n) | (this.increment & 0xfffn);
    this.increment += 1n;
    if (this.increment > 0xfffn) {
      this.increment = 0n;
      this.lastTimestamp = timestamp + 1n;
    }
    return id.toString();
  }

  /** The next id whose guild would be routed to `shard` of `count` (`(id >> 22) % count`): the clock moves on ≤ count−1 ms. */
  nextOnShard(shard: number, count: number): string {
    const now = BigInt(Date.now()) - DISCORD_EPOCH;
    const from = now > this.lastTimestamp ? now : this.lastTimestamp + 1n;
    const n = BigInt(count);
    const timestamp = from + ((BigInt(shard) - (from % n) + n) % n);
    this.lastTimestamp = timestamp;
    this.increment = 1n;
    return ((timestamp << 22n) | (1n << 17n)).toString();
  }
}

export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}
