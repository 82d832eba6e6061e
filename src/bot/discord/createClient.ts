import { Client, GatewayIntentBits, Partials } from 'discord.js';
import type { Config } from '../../config/index.js';

export interface ClientIntents {
  /** The privileged Message Content intent: typed answers and voice messages in round threads. */
  messageContent: boolean;
}

/** Minimal intents: guilds, voice states (voice rounds), guild and DM messages; Message Content when asked for. */
export function createDiscordClient(config: Config, intents: ClientIntents = { messageContent: config.DISCORD_MESSAGE_CONTENT_INTENT }): Client {
  const bits = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  if (intents.messageContent) bits.push(GatewayIntentBits.MessageContent);
  return new Client({
    intents: bits,
    // DM channels are not cached before their first message.
    partials: [Partials.Channel],
    rest: config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {},
    allowedMentions: { parse: ['users'] },
  });
}
