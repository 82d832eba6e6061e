import type { PlatformAdapter, RunningPlatform } from '../../platforms/PlatformAdapter.js';
import { slackConfigured } from './configured.js';
import { startSlackBot, type SlackBot } from './startSlackBot.js';

export interface RunningSlack extends RunningPlatform {
  readonly id: 'slack';
  bot: SlackBot;
}

export const slackAdapter: PlatformAdapter<RunningSlack> = {
  id: 'slack',
  isConfigured: slackConfigured,
  async start(services, { config, logger, readiness }) {
    const bot = await startSlackBot(services, config, logger, { readiness });
    return { id: 'slack', bot, stop: () => bot.stop() };
  },
};
