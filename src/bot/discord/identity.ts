import type { Guild, User } from 'discord.js';
import type { PlatformIdentity } from '../../db/repositories/identityRepository.js';

export function userIdentity(user: User): PlatformIdentity {
  return { platform: 'discord', id: user.id, name: user.globalName ?? user.username };
}

/** Guilds are workspaces; a DM conversation belongs to the person's own "DM" workspace. */
export function workspaceIdentity(guild: Guild | null, user: User): PlatformIdentity {
  return guild ? { platform: 'discord', id: guild.id, name: guild.name } : { platform: 'discord', id: `dm:${user.id}`, name: 'Direct messages' };
}
