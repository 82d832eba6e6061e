import type { Config } from '../../config/index.js';

/** Discord runs when it has a bot token; kept apart from the adapter so checking it loads no discord.js. */
export function discordConfigured(config: Pick<Config, 'DISCORD_TOKEN'>): boolean {
  return Boolean(config.DISCORD_TOKEN);
}
