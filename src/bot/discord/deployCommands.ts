import { REST, Routes } from 'discord.js';
import type { Config } from '../../config/index.js';
import { UserFacingError } from '../../errors.js';
import { commandDefinitions } from './commandDefinitions.js';

/** Registers the slash commands for one guild (instant) or globally. Returns where they went. */
export async function deployCommands(config: Config): Promise<string> {
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    throw new UserFacingError('config_invalid', 'Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example) to register commands.');
  }
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  const body = commandDefinitions();
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(config.DISCORD_APPLICATION_ID, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(config.DISCORD_APPLICATION_ID);
  await rest.put(route, { body });
  return `${body.length} commands registered ${config.DISCORD_GUILD_ID ? `in guild ${config.DISCORD_GUILD_ID}` : 'globally (may take up to an hour to appear)'}.`;
}
