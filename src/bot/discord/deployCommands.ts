import { REST } from 'discord.js';
import type { Config } from '../../config/index.js';
import { UserFacingError } from '../../errors.js';
import { commandDefinitions } from './commandDefinitions.js';
import { commandRegistryPath, registerCommands } from './commandRegistration.js';

/** Registers the slash commands for one guild (instant) or globally, always (the bot's start skips unchanged ones). */
export async function deployCommands(config: Config): Promise<string> {
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    throw new UserFacingError('config_invalid', 'Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example) to register commands.');
  }
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  const target = { applicationId: config.DISCORD_APPLICATION_ID, guildId: config.DISCORD_GUILD_ID };
  await registerCommands(rest, target, commandRegistryPath(config.DATABASE_PATH), { force: true });
  const count = commandDefinitions().length;
  return `${count} commands registered ${config.DISCORD_GUILD_ID ? `in guild ${config.DISCORD_GUILD_ID}` : 'globally (may take up to an hour to appear)'}.`;
}
