import { getArray, getString, isJsonObject, type JsonObject } from './json.js';

export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildVoiceStates: 1 << 7,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  GuildMessageTyping: 1 << 11,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  DirectMessageTyping: 1 << 14,
  MessageContent: 1 << 15,
} as const;

/** The intent a dispatch needs, or null when Discord sends it regardless (READY, INTERACTION_CREATE, …). */
function requiredIntent(event: string, data: JsonObject): number | null {
  const inGuild = typeof data['guild_id'] === 'string';
  if (event.startsWith('MESSAGE_REACTION_')) return inGuild ? Intent.GuildMessageReactions : Intent.DirectMessageReactions;
  if (event.startsWith('MESSAGE_')) return inGuild ? Intent.GuildMessages : Intent.DirectMessages;
  if (event === 'TYPING_START') return inGuild ? Intent.GuildMessageTyping : Intent.DirectMessageTyping;
  if (event === 'VOICE_STATE_UPDATE') return Intent.GuildVoiceStates;
  if (event.startsWith('GUILD_MEMBER_') || event === 'THREAD_MEMBERS_UPDATE') return Intent.GuildMembers;
  if (event.startsWith('GUILD_') || event.startsWith('CHANNEL_') || event.startsWith('THREAD_')) return Intent.Guilds;
  return null;
}

/**
 * Applies Discord's intent rules to one dispatch for one session: drops events the bot did not subscribe to, and
 * blanks message content in guild messages without the privileged MessageContent intent (DMs, messages that
 * mention the bot and the bot's own messages keep it).
 */
export function filterForIntents(event: string, data: JsonObject, intents: number, botId: string): JsonObject | undefined {
  const needed = requiredIntent(event, data);
  if (needed !== null && (intents & needed) === 0) return undefined;
  if ((event === 'MESSAGE_CREATE' || event === 'MESSAGE_UPDATE') && !keepsContent(data, intents, botId)) {
    return { ...data, content: '', embeds: [], attachments: [], components: [], poll: undefined };
  }
  return data;
}

function keepsContent(data: JsonObject, intents: number, botId: string): boolean {
  if ((intents & Intent.MessageContent) !== 0) return true;
  if (typeof data['guild_id'] !== 'string') return true;
  const author = data['author'];
  if (isJsonObject(author) && getString(author, 'id') === botId) return true;
  const mentions = getArray(data, 'mentions') ?? [];
  return mentions.some((user) => isJsonObject(user) && getString(user, 'id') === botId);
}
