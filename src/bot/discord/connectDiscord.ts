import { Events, GatewayCloseCodes, type Client } from 'discord.js';
import type { Config } from '../../config/index.js';
import type { Logger } from '../../logger.js';
import { createDiscordClient } from './createClient.js';

export interface DiscordConnection {
  client: Client;
  /** False when Discord refused the Message Content intent: guild messages then arrive without their content. */
  messageContent: boolean;
}

/** One line for the operator: what happened, what still works, where to switch it on. */
export const MESSAGE_CONTENT_REFUSED =
  'Discord refused the Message Content intent (gateway close 4014), so I reconnected without it: typed answers and voice messages in round threads cannot be read, people answer with the "Answer in text" button. To enable it: Discord Developer Portal → your application → Bot → Privileged Gateway Intents → turn on "Message Content Intent", then restart (or set DISCORD_MESSAGE_CONTENT_INTENT=false to stop asking).';

class DisallowedIntentsError extends Error {}

/**
 * Logs in and waits for READY. Message Content is privileged: when the developer portal has not enabled it, Discord
 * closes the gateway with 4014 and discord.js gives up, so the bot logs in again without it rather than not at all.
 * `wire` attaches the event handlers to each client before it connects (events can arrive before login resolves).
 */
export async function connectDiscord(config: Config, logger: Logger, wire: (client: Client) => void): Promise<DiscordConnection> {
  const wanted = config.DISCORD_MESSAGE_CONTENT_INTENT;
  try {
    return { client: await login(config, wanted, wire), messageContent: wanted };
  } catch (error) {
    if (!wanted || !(error instanceof DisallowedIntentsError)) throw error;
    logger.warn(MESSAGE_CONTENT_REFUSED);
    return { client: await login(config, false, wire), messageContent: false };
  }
}

async function login(config: Config, messageContent: boolean, wire: (client: Client) => void): Promise<Client> {
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
  const client = createDiscordClient(config, { messageContent });
  wire(client);
  let closeCode: number | undefined;
  const onDisconnect = (event: { code: number }): void => {
    closeCode = event.code;
  };
  client.on(Events.ShardDisconnect, onDisconnect);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(config.DISCORD_TOKEN);
  } catch (error) {
    // login() has destroyed the client already.
    if (closeCode === GatewayCloseCodes.DisallowedIntents) throw new DisallowedIntentsError('disallowed intents', { cause: error });
    throw error;
  } finally {
    client.off(Events.ShardDisconnect, onDisconnect);
  }
  await ready;
  return client;
}
