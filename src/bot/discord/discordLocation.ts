import type { Channel } from 'discord.js';
import { channelId, discordChannel, type DiscordLocation, type Location } from '../../location.js';

/** Where a message or command in this Discord channel is: a thread (with its parent) or the channel itself. */
export function discordLocationOf(channel: Pick<Channel, 'id' | 'isThread'> & { parentId?: string | null }): DiscordLocation {
  if (channel.isThread()) return discordChannel(channelId(channel.parentId ?? channel.id), channelId(channel.id));
  return discordChannel(channelId(channel.id));
}

/** The Discord channel a session's messages go to: its thread, else its channel (a drill has neither). */
export function discordChannelOf(location: Location): string | undefined {
  return location.surface === 'discord' ? (location.thread ?? location.channel) : undefined;
}
