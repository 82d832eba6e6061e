import { discordGatewayCheck } from '../../health/discordGatewayCheck.js';
import type { PlatformAdapter, RunningPlatform } from '../../platforms/PlatformAdapter.js';
import { discordConfigured } from './configured.js';
import { startDiscordBot, type DiscordBot } from './index.js';
import { createVoiceRounds } from './voice/index.js';

export interface RunningDiscord extends RunningPlatform {
  readonly id: 'discord';
  bot: DiscordBot;
}

export const discordAdapter: PlatformAdapter<RunningDiscord> = {
  id: 'discord',
  isConfigured: discordConfigured,
  async start(services, { config, logger, readiness }) {
    const connected: { bot?: DiscordBot } = {};
    // Registered before login, so /readyz says "not ready" rather than leaving Discord out while it connects.
    readiness.add('discord', () => (connected.bot ? discordGatewayCheck(connected.bot.context.client) : { ok: false, detail: 'Discord is connecting' }));
    const started = await startDiscordBot(services, config, logger, { voice: (ctx) => createVoiceRounds(ctx) });
    connected.bot = started;
    return { id: 'discord', bot: started, stop: () => started.stop() };
  },
};
