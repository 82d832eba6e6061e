import type { Guild, User } from 'discord.js';
import type { PlatformIdentity, WorkspaceIdentity } from '../../db/repositories/identityRepository.js';
import { platformUserId, platformWorkspaceId } from '../../ids.js';

/** A Discord user by snowflake (voice events carry only the id). */
export function discordUser(id: string, name?: string): PlatformIdentity {
  return name ? { platform: 'discord', id: platformUserId(id), name } : { platform: 'discord', id: platformUserId(id) };
}

export function userIdentity(user: User): PlatformIdentity {
  return discordUser(user.id, user.globalName ?? user.username);
}

/** Guilds are workspaces; a DM conversation belongs to the person's own "DM" workspace. */
export function workspaceIdentity(guild: Guild | null, user: User): WorkspaceIdentity {
  return guild
    ? { platform: 'discord', id: platformWorkspaceId(guild.id), name: guild.name }
    : { platform: 'discord', id: platformWorkspaceId(`dm:${user.id}`), name: 'Direct messages' };
}
