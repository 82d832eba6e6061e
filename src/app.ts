import type { Config } from './config/index.js';
import type { Logger } from './logger.js';
import { openServices, type Services } from './services.js';
import type { DiscordBot } from './bot/discord/index.js';
import { databaseWritable, Readiness, startHealthServer } from './health/index.js';
import { PLATFORMS, type AnyRunningPlatform } from './platforms/index.js';
import { roundOwnerName, shardRole } from './bot/discord/sharding/shardRole.js';

export interface RunningApp {
  services: Services;
  discord?: DiscordBot;
  /** What `/readyz` reports (HEALTH_PORT, and Slack HTTP mode's own port). */
  readiness: Readiness;
  /** The HEALTH_PORT listener's bound port, when HEALTH_PORT is set. */
  healthPort?: number;
  stop(): Promise<void>;
}

export const SETUP_HELP =
  'Nothing to run: set DISCORD_TOKEN (Discord) and/or SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET (Slack) in .env — see README.md ("Discord setup") and docs/SLACK.md. Try the bot offline meanwhile: npx interview-coach rehearse --role frontend';

export function hasPlatform(config: Config): boolean {
  return PLATFORMS.some((platform) => platform.isConfigured(config));
}

/**
 * Composition root: one set of services, then each configured platform adapter on top of it (src/platforms/).
 * A platform that is not configured is never imported.
 */
export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  // DISCORD_SHARDS: a manager process (other platforms + one child per shard) or a shard (Discord only).
  const role = shardRole(config);
  const services = await openServices(config, { logger, roundOwner: roundOwnerName(role) });
  const stops: (() => Promise<void>)[] = [];
  const stopRenewing = services.leases.keepRenewing(undefined, (err: unknown) => logger.warn({ err }, 'could not renew the lease on open rounds'));
  stops.push(async () => {
    stopRenewing();
    await services.leases.release();
  });
  let discord: DiscordBot | undefined;
  const readiness = new Readiness();
  readiness.add('database', () => databaseWritable(services.database));
  let healthPort: number | undefined;
  try {
    // First, so an orchestrator sees "alive, not ready" while the platforms connect.
    if (config.HEALTH_PORT !== undefined && role.kind !== 'shard') {
      const health = await startHealthServer(readiness, config.HEALTH_PORT);
      healthPort = health.port;
      stops.push(() => health.stop());
      logger.info({ port: health.port }, 'health endpoints on /healthz and /readyz');
    }
    for (const platform of PLATFORMS) {
      if (!platform.isConfigured(config)) continue;
      if (role.kind === 'shard' && platform.id !== 'discord') continue;
      if (role.kind === 'manager' && platform.id === 'discord') {
        const { startShardManager } = await import('./bot/discord/sharding/startShardManager.js');
        const shards = await startShardManager(config, logger, readiness);
        stops.push(() => shards.stop());
        continue;
      }
      const adapter = await platform.load();
      const running: AnyRunningPlatform = await adapter.start(services, { config, logger, readiness });
      stops.push(() => running.stop());
      if (running.id === 'discord') discord = running.bot;
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await services.close();
    throw error;
  }
  logger.info({ providers: services.describeProviders() }, 'interview coach running');
  return {
    services,
    discord,
    readiness,
    healthPort,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch((err: unknown) => logger.warn({ err }, 'stop failed'));
      await services.close();
    },
  };
}
