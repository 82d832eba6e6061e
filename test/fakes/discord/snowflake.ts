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
}

export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}
