import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { ShardingManager, type Shard } from 'discord.js';
import type { Config } from '../../../config/index.js';
import type { Readiness } from '../../../health/index.js';
import type { Logger } from '../../../logger.js';
import { fetchGatewaySharding } from './recommendedShards.js';

/** How long one shard process may take to log in (it boots the whole app: database, providers, gateway). */
const SHARD_READY_TIMEOUT_MS = 120_000;
/** discord.js's own spacing of shard logins when they cannot all IDENTIFY at once (Discord allows one per 5 s per bucket). */
const IDENTIFY_SPACING_MS = 5_500;

export interface RunningShardManager {
  manager: ShardingManager;
  stop(): Promise<void>;
}

/**
 * DISCORD_SHARDS: discord.js's ShardingManager forks this same program once per shard (same Node flags, same
 * environment plus SHARDS/SHARD_COUNT), respawns a shard whose process exits, and this process runs no gateway of its
 * own. The count comes from DISCORD_SHARDS, or for `auto` from `GET /gateway/bot`; DISCORD_SHARD_LIST limits which
 * shards this machine runs. Shards log in together when `max_concurrency` allows it, else 5.5 s apart.
 */
export async function startShardManager(
  config: Config,
  logger: Logger,
  readiness: Readiness,
  entry: string | undefined = process.argv[1],
): Promise<RunningShardManager> {
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
  if (!entry) throw new Error('cannot tell which program to run for each shard (process.argv[1] is empty)');
  const gateway = await fetchGatewaySharding(config);
  const total = config.DISCORD_SHARDS === 'auto' ? gateway.shards : (config.DISCORD_SHARDS ?? 1);
  const shardList = config.DISCORD_SHARD_LIST ?? [...Array(total).keys()];
  const outside = shardList.filter((id) => id >= total);
  if (outside.length > 0) throw new Error(`DISCORD_SHARD_LIST names shard ${outside.join(', ')}, but there are only ${total} shards (0–${total - 1})`);

  const manager = new ShardingManager(entry, {
    totalShards: total,
    shardList,
    token: config.DISCORD_TOKEN,
    mode: 'process',
    respawn: true,
    execArgv: process.execArgv,
    // The same command line: a bot started through a CLI subcommand starts its shards the same way.
    shardArgs: process.argv.slice(2),
  });
  manager.on('shardCreate', (shard: Shard) => {
    shard.on('spawn', (child: ChildProcess | Worker) => {
      logger.info({ shard: shard.id, pid: 'pid' in child ? child.pid : undefined }, 'discord shard process started');
    });
    shard.on('death', () => logger.warn({ shard: shard.id }, 'discord shard process exited; starting it again'));
  });
  readiness.add('discord', () => {
    const ready = [...manager.shards.values()].filter((shard) => shard.ready).length;
    return ready === shardList.length ? { ok: true } : { ok: false, detail: `${ready} of ${shardList.length} Discord shards ready` };
  });
  logger.info({ shards: total, here: shardList, recommended: gateway.shards }, 'starting Discord shards');
  const delay = shardList.length <= gateway.maxConcurrency ? 0 : IDENTIFY_SPACING_MS;
  const stop = async (): Promise<void> => {
    const exits: Promise<unknown>[] = [];
    for (const shard of manager.shards.values()) {
      const child = shard.process;
      if (child && child.exitCode === null && child.signalCode === null) exits.push(once(child, 'exit'));
      // kill() detaches the respawn listener first, then sends SIGTERM: the shard drains like a single bot would.
      shard.kill();
    }
    await Promise.all(exits);
  };
  try {
    await manager.spawn({ amount: total, delay, timeout: SHARD_READY_TIMEOUT_MS });
  } catch (error) {
    await stop();
    throw error;
  }
  return { manager, stop };
}
