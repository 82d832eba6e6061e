import type { Config } from './config/index.js';
import type { Logger } from './logger.js';
import { createServices, type Services } from './services.js';
import type { DiscordBot } from './bot/discord/index.js';
import { databaseWritable, Readiness, startHealthServer } from './health/index.js';

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
  return Boolean(config.DISCORD_TOKEN || (config.SLACK_BOT_TOKEN && (config.SLACK_APP_TOKEN || config.SLACK_SIGNING_SECRET)));
}

/** Composition root: one set of services, then each configured platform adapter on top of it. */
export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const services = createServices(config, { logger });
  const stops: (() => Promise<void>)[] = [];
  let discord: DiscordBot | undefined;
  const readiness = new Readiness();
  readiness.add('database', () => databaseWritable(services.handle.sqlite));
  let healthPort: number | undefined;
  try {
    // First, so an orchestrator sees "alive, not ready" while the platforms connect.
    if (config.HEALTH_PORT !== undefined) {
      const health = await startHealthServer(readiness, config.HEALTH_PORT);
      healthPort = health.port;
      stops.push(() => health.stop());
      logger.info({ port: health.port }, 'health endpoints on /healthz and /readyz');
    }
    if (config.DISCORD_TOKEN) {
      // Registered before login, so /readyz says "not ready" rather than leaving Discord out while it connects.
      // (The check is defined just below; it is only called once `discord` is set, after that line has run.)
      readiness.add('discord', () => (discord ? discordGatewayCheck(discord.context.client) : { ok: false, detail: 'Discord is connecting' }));
      // Each platform's SDK loads only when its token is set (discord.js alone is hundreds of modules).
      const [{ startDiscordBot }, { createVoiceRounds }, { discordGatewayCheck }] = await Promise.all([
        import('./bot/discord/index.js'),
        import('./bot/discord/voice/index.js'),
        import('./health/discordGatewayCheck.js'),
      ]);
      discord = await startDiscordBot(services, config, logger, { voice: (ctx) => createVoiceRounds(ctx) });
      stops.push(() => discord?.stop() ?? Promise.resolve());
    }
    if (config.SLACK_BOT_TOKEN && (config.SLACK_APP_TOKEN || config.SLACK_SIGNING_SECRET)) {
      const { startSlackBot } = await import('./bot/slack/index.js');
      const slack = await startSlackBot(services, config, logger, { readiness });
      stops.push(() => slack.stop());
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    services.close();
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
      services.close();
    },
  };
}
