import { describe, expect, it } from 'vitest';
import { roundOwnerName, servesGuild, shardOfGuild, shardRole } from '../../src/bot/discord/sharding/shardRole.js';
import { parseConfig } from '../../src/config/index.js';

describe('DISCORD_SHARDS and the role of a process', () => {
  it('is off unless set; auto or a number makes a manager; the manager’s children are shards', () => {
    expect(parseConfig({}).DISCORD_SHARDS).toBeUndefined();
    expect(parseConfig({ DISCORD_SHARDS: '' }).DISCORD_SHARDS).toBeUndefined();
    expect(parseConfig({ DISCORD_SHARDS: 'auto' }).DISCORD_SHARDS).toBe('auto');
    expect(parseConfig({ DISCORD_SHARDS: '4', DISCORD_SHARD_LIST: '0, 2' })).toMatchObject({ DISCORD_SHARDS: 4, DISCORD_SHARD_LIST: [0, 2] });
    expect(() => parseConfig({ DISCORD_SHARDS: '0' })).toThrow(/DISCORD_SHARDS/);
    expect(() => parseConfig({ DISCORD_SHARD_LIST: 'first' })).toThrow(/DISCORD_SHARD_LIST/);

    expect(shardRole({ DISCORD_SHARDS: undefined }, {})).toEqual({ kind: 'single' });
    expect(shardRole({ DISCORD_SHARDS: 'auto' }, {})).toEqual({ kind: 'manager' });
    // What discord.js's ShardingManager puts in a child's environment.
    const child = { SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' };
    expect(shardRole({ DISCORD_SHARDS: 'auto' }, child)).toEqual({ kind: 'shard', id: 1, count: 2 });
    expect(roundOwnerName({ kind: 'shard', id: 1, count: 2 })).toBe('discord-shard-1');
    expect(roundOwnerName({ kind: 'single' })).toBe('main');
  });

  it("routes a guild to shard (id >> 22) % count, and a shard serves only those", () => {
    // 2^22 × 5 + 123: timestamp part 5.
    const guild = String(5n * 4_194_304n + 123n);
    expect(shardOfGuild(guild, 2)).toBe(1);
    expect(shardOfGuild(guild, 5)).toBe(0);
    expect(servesGuild({ kind: 'shard', id: 1, count: 2 }, guild)).toBe(true);
    expect(servesGuild({ kind: 'shard', id: 0, count: 2 }, guild)).toBe(false);
    expect(servesGuild({ kind: 'single' }, guild)).toBe(true);
    expect(servesGuild({ kind: 'shard', id: 0, count: 2 }, 'not-a-snowflake')).toBe(false);
  });
});
