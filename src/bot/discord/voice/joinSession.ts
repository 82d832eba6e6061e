import { VoiceConnectionStatus, entersState, joinVoiceChannel, type VoiceConnection } from '@discordjs/voice';
import { PermissionFlagsBits, type Client, type VoiceBasedChannel } from 'discord.js';
import { UserFacingError } from '../../../errors.js';
import { withDeadline, type VoiceResources } from './voiceResources.js';

export interface JoinOptions {
  /** How long the first connection may take to reach Ready. */
  readyTimeoutMs: number;
  signal?: AbortSignal;
  /** Where the wait's deadline is held. */
  resources: VoiceResources;
  debug?: (line: string) => void;
}

/** The voice channel, checked for what the bot needs there: see it, connect, speak. */
export async function voiceChannelFor(client: Client, guildId: string, channelId: string): Promise<VoiceBasedChannel> {
  const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
  const channel = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId));
  if (!channel?.isVoiceBased()) throw new UserFacingError('not_in_voice_channel', 'Join a voice channel first for a voice round, or use `mode:text`.');
  const me = guild.members.me ?? (await guild.members.fetchMe());
  const needed = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.Connect, PermissionFlagsBits.Speak];
  if (!channel.permissionsFor(me).has(needed)) {
    throw new UserFacingError('missing_permissions', `I can't join #${channel.name}: I need **Connect** and **Speak** there. Ask an admin, or use \`mode:text\`.`);
  }
  return channel;
}

/**
 * Joins a voice channel so that people can be heard: not self-deafened (a deafened bot receives nothing), DAVE
 * end-to-end encryption on (required on non-stage channels since 2026-03), and resolves once the connection is
 * Ready. A connection that does not get there is destroyed and reported as a user-facing error.
 */
export async function joinSession(channel: VoiceBasedChannel, options: JoinOptions): Promise<VoiceConnection> {
  const connection = joinVoiceChannel({
    guildId: channel.guild.id,
    channelId: channel.id,
    adapterCreator: channel.guild.voiceAdapterCreator,
    selfDeaf: false,
    selfMute: false,
    daveEncryption: true,
    debug: options.debug !== undefined,
  });
  if (options.debug) connection.on('debug', options.debug);
  try {
    await withDeadline(options.resources, options.readyTimeoutMs, options.signal, (limit) => entersState(connection, VoiceConnectionStatus.Ready, limit));
    return connection;
  } catch (error) {
    if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
    throw new UserFacingError('voice_unavailable', `I couldn't connect to #${channel.name} just now. Try again in a moment, or use \`mode:text\`.`, { cause: error });
  }
}
