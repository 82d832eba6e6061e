import { REST, Routes } from 'discord.js';
import type { Config } from '../../../config/index.js';

export interface GatewaySharding {
  /** Discord's recommended shard count for this bot. */
  shards: number;
  /** Shards that may IDENTIFY at once (`session_start_limit.max_concurrency`). */
  maxConcurrency: number;
}

/**
 * `GET /gateway/bot` through DISCORD_API_URL. discord.js's own `fetchRecommendedShardCount` (which ShardingManager
 * uses for `auto`) always asks discord.com, so the manager is given the number found here instead.
 */
export async function fetchGatewaySharding(config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_URL'>): Promise<GatewaySharding> {
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  const body = (await rest.get(Routes.gatewayBot())) as { shards?: unknown; session_start_limit?: { max_concurrency?: unknown } };
  const shards = typeof body.shards === 'number' && body.shards >= 1 ? body.shards : 1;
  const concurrency = body.session_start_limit?.max_concurrency;
  return { shards, maxConcurrency: typeof concurrency === 'number' && concurrency >= 1 ? concurrency : 1 };
}
