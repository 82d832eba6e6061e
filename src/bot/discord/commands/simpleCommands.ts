import { parseRole } from '../../../commands/roleOption.js';
import type { ChatInputCommandInteraction } from 'discord.js';
import { forgetMeConfirmCard } from '../../../commands/forgetMe.js';
import { showHistory } from '../../../commands/history.js';
import { showProgress } from '../../../commands/showProgress.js';
import { UserFacingError } from '../../../errors.js';
import { discordActor, DISCORD_REFUSALS } from '../actor.js';
import type { BotContext } from '../BotContext.js';
import { userIdentity, workspaceIdentity } from '../identity.js';
import { renderCard, renderReply } from '../renderCard.js';
import { sessionSurface } from '../sessionSurface.js';
import { discordLocationOf } from '../discordLocation.js';
import { channelId, discordChannel } from '../../../location.js';

export async function progress(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const isPublic = interaction.options.getBoolean('public') ?? false;
  await interaction.deferReply(isPublic ? {} : { flags: 'Ephemeral' });
  const target = interaction.options.getUser('user');
  const role = interaction.options.getString('role');
  const card = await showProgress(ctx.services, {
    caller: userIdentity(interaction.user),
    workspace: workspaceIdentity(interaction.guild, interaction.user),
    target: target ? userIdentity(target) : undefined,
    // The option's choices are the roles; parsing keeps that a checked fact rather than an assumption.
    role: role === null ? undefined : parseRole(role),
    periodDays: interaction.options.getInteger('period') ?? undefined,
    public: isPublic,
  });
  await interaction.editReply(renderCard(card));
}

export async function history(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await interaction.reply(renderReply(await showHistory(ctx.services, userIdentity(interaction.user), workspaceIdentity(interaction.guild, interaction.user))));
}

export async function shareProgress(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const allow = interaction.options.getBoolean('allow', true);
  const user = await ctx.services.repos.identity.upsertUser(userIdentity(interaction.user));
  await ctx.services.repos.identity.setShareProgress(user.id, allow);
  await interaction.reply(
    renderReply({
      title: allow ? '👀 Sharing on' : '🔒 Sharing off',
      description: allow ? 'People in servers you practise in can now see your `/progress`.' : 'Only you can see your `/progress`.',
      tone: 'success',
      ephemeral: true,
    }),
  );
}

export async function forgetMe(interaction: ChatInputCommandInteraction): Promise<void> {
  await interaction.reply(renderReply(forgetMeConfirmCard()));
}

/** `/stop`: the host (or someone who can manage messages) ends the round here. */
export async function stop(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const here = interaction.channel ? discordLocationOf(interaction.channel) : interaction.channelId ? discordChannel(channelId(interaction.channelId)) : undefined;
  const session = here ? await ctx.services.engine.findOpen(here) : undefined;
  if (!session) throw new UserFacingError('no_session', 'No interview is running in this channel.');
  await ctx.services.engine.requireControl(session.id, discordActor(interaction), 'end', DISCORD_REFUSALS);
  await interaction.reply(renderReply({ title: '🛑 Stopping the round…', tone: 'warning', ephemeral: true }));
  const timer = ctx.lobbyTimers.get(session.id);
  if (timer) clearTimeout(timer);
  await ctx.flow.control(session.id, 'end', await sessionSurface(ctx, session.id));
}
