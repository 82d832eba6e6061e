import type { PermissionsBitField, User } from 'discord.js';
import type { Actor } from '../../session/guards.js';
import type { RefusalWording } from '../../session/refusals.js';
import { userIdentity } from './identity.js';

/** Discord's moderators are the people who may manage messages in the channel the interaction came from. */
export function discordActor(interaction: { user: User; memberPermissions: Readonly<PermissionsBitField> | null }): Actor {
  return { identity: userIdentity(interaction.user), isModerator: interaction.memberPermissions?.has('ManageMessages') ?? false };
}

/** Discord rounds have a lobby with a Join button, so that is the way in. */
export const DISCORD_REFUSALS: RefusalWording = {
  not_participant: () => "You're not in this round. Press **Join** to take part, or start your own with `/mock-interview`.",
};
