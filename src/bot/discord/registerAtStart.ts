import type { BotContext } from './BotContext.js';
import { commandRegistryPath, registerCommands } from './commandRegistration.js';

/**
 * Slash commands appear without a separate step: registered for DISCORD_GUILD_ID (at once) or globally, and only
 * when their definitions changed since the last registration. A failure is logged, never fatal: the bot still
 * answers commands registered before.
 */
export async function registerCommandsAtStart(ctx: BotContext): Promise<void> {
  const { client, config, logger } = ctx;
  const applicationId = client.application?.id ?? config.DISCORD_APPLICATION_ID;
  if (!applicationId) {
    logger.warn('slash commands not registered: the application id is unknown (set DISCORD_APPLICATION_ID)');
    return;
  }
  const guildId = config.DISCORD_GUILD_ID;
  try {
    const outcome = await registerCommands(client.rest, { applicationId, guildId }, commandRegistryPath(config.DATABASE_PATH));
    logger.info({ outcome, scope: guildId ? 'guild' : 'global' }, outcome === 'registered' ? 'slash commands registered' : 'slash commands unchanged');
  } catch (err) {
    logger.warn({ err }, 'could not register slash commands; existing ones keep working (`npm run deploy-commands` retries)');
  }
}
