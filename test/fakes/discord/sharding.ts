import { getArray, getString, type JsonObject } from './json.js';

/** A gateway connection's shard: `[shard_id, num_shards]` from IDENTIFY (Discord's default `[0, 1]`). */
export type ShardPair = readonly [id: number, count: number];

/** Discord's routing rule: a guild's events go to shard `(guild_id >> 22) % num_shards`. */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** The guild an event belongs to: `guild_id`, or the guild itself for GUILD_CREATE / UPDATE / DELETE. */
export function eventGuildId(event: string, data: JsonObject): string | undefined {
  const guildId = getString(data, 'guild_id');
  if (guildId !== undefined) return guildId;
  if (event === 'GUILD_CREATE' || event === 'GUILD_UPDATE' || event === 'GUILD_DELETE') return getString(data, 'id');
  return undefined;
}

/** Whether a shard receives an event: its guild's shard, and DMs (no guild) only on shard 0, as Discord sends them. */
export function shardReceives(shard: ShardPair, event: string, data: JsonObject): boolean {
  const guildId = eventGuildId(event, data);
  return guildId === undefined ? shard[0] === 0 : shardOfGuild(guildId, shard[1]) === shard[0];
}

/** IDENTIFY's `shard` field; undefined when absent, 'invalid' when it is not `[id, count]` with 0 ≤ id < count. */
export function readShard(identify: JsonObject): ShardPair | undefined | 'invalid' {
  const raw = getArray(identify, 'shard');
  if (raw === undefined) return undefined;
  const [id, count] = raw;
  if (raw.length !== 2 || typeof id !== 'number' || typeof count !== 'number') return 'invalid';
  if (!Number.isInteger(id) || !Number.isInteger(count) || count < 1 || id < 0 || id >= count) return 'invalid';
  return [id, count];
}
