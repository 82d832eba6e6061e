import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { startDrill } from '../../../commands/drill.js';
import { parseDifficulty, parseRole } from '../../../commands/roleOption.js';
import type { BotContext } from '../BotContext.js';
import { userIdentity, workspaceIdentity } from '../identity.js';
import { PrivateReplySurface } from '../PrivateReplySurface.js';

/** `/drill`: one ephemeral question; the answer comes by modal or by a voice message in DM. */
export async function drill(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const role = parseRole(interaction.options.getString('role', true));
  const difficulty = parseDifficulty(interaction.options.getString('difficulty') ?? undefined);
  await ctx.services.limits.checkDrillCooldown({ platform: 'discord', id: interaction.user.id });
  // An AI question source can take longer than Discord's 3-second window: acknowledge first.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { session } = await startDrill(ctx.services, {
    caller: userIdentity(interaction.user),
    workspace: workspaceIdentity(interaction.guild, interaction.user),
    role,
    difficulty,
    platform: 'discord',
    followUps: interaction.options.getBoolean('follow_ups') ?? false,
  });
  await ctx.flow.askCurrent(session.id, new PrivateReplySurface(interaction));
}
