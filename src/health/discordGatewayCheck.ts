import { Status, type Client } from 'discord.js';
import type { CheckResult } from './Readiness.js';

/** Every gateway shard is connected and identified (a resuming or reconnecting shard is not ready). */
export function discordGatewayCheck(client: Client): CheckResult {
  if (!client.isReady()) return { ok: false, detail: 'Discord gateway is not connected' };
  const down = client.ws.shards.filter((shard) => shard.status !== Status.Ready);
  return down.size === 0 ? { ok: true } : { ok: false, detail: `Discord gateway shard(s) ${[...down.keys()].join(', ')} not ready` };
}
