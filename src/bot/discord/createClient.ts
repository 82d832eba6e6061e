import { Client, GatewayIntentBits, Partials } from 'discord.js';
import type { Config } from '../../config/index.js';

/** Minimal intents: guilds, voice states (voice rounds), guild and DM messages; Message Content only when enabled. */
export function createDiscordClient(config: Config): Client {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  if (config.DISCORD_MESSAGE_CONTENT_INTENT) intents.push(GatewayIntentBits.MessageContent);
  return new Client({
    intents,
    // DM channels are not cached before their first message.
    partials: [Partials.Channel],
    rest: config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {},
    allowedMentions: { parse: ['users'] },
  });
}
