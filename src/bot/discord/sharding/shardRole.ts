import type { Config } from '../../../config/index.js';

/**
 * What this process is. `single`: sharding off (the default), Discord in this process. `manager`: DISCORD_SHARDS is
 * set, so this process spawns one child per shard and runs the other platforms. `shard`: a child the manager spawned
 * (discord.js's ShardingManager passes SHARDING_MANAGER, SHARDS and SHARD_COUNT, which the Client reads itself).
 */
export type ShardRole = { kind: 'single' } | { kind: 'manager' } | { kind: 'shard'; id: number; count: number };

export function shardRole(config: Pick<Config, 'DISCORD_SHARDS'>, env: NodeJS.ProcessEnv = process.env): ShardRole {
  const id = Number(env['SHARDS']);
  const count = Number(env['SHARD_COUNT']);
  if (env['SHARDING_MANAGER'] === 'true' && Number.isInteger(id) && Number.isInteger(count) && count >= 1) return { kind: 'shard', id, count };
  return config.DISCORD_SHARDS === undefined ? { kind: 'single' } : { kind: 'manager' };
}

/** Discord's routing rule: a guild's events go to shard `(guild_id >> 22) % count`. */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/**
 * The name under which this process holds its open rounds in the database (`sessions.owner`). Stable across
 * restarts of the same shard, so a restarted shard takes its own rounds back at once; others wait for the lease.
 */
export function roundOwnerName(role: ShardRole): string {
  return role.kind === 'shard' ? `discord-shard-${role.id}` : 'main';
}

/** Whether this process serves a Discord guild: every guild unsharded, its own shard's guilds as a shard. */
export function servesGuild(role: ShardRole, guildId: string): boolean {
  if (role.kind !== 'shard') return true;
  if (!/^\d+$/.test(guildId)) return false;
  return shardOfGuild(guildId, role.count) === role.id;
}
