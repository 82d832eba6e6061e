import { ActionRowBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type ButtonInteraction } from 'discord.js';
import { parseActionId } from '../../../commands/actionIds.js';
import { forgetMe } from '../../../commands/forgetMe.js';
import { discordActor, DISCORD_REFUSALS } from '../actor.js';
import type { BotContext } from '../BotContext.js';
import { userIdentity, workspaceIdentity } from '../identity.js';
import { refreshLobby, startRound } from '../lobby.js';
import { renderReply, renderEdit } from '../renderCard.js';
import { sessionSurface } from '../sessionSurface.js';
import { sendReplay } from './replayButton.js';

export const DRILL_MODAL_FIELD = 'answer';

/** Every button: lobby (join/start/cancel), question (done/repeat/skip/end), drill answer, forget-me, an answer's replay. */
export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const parsed = parseActionId(interaction.customId);
  if (!parsed) return;
  if (parsed.action === 'replay') {
    await sendReplay(interaction, ctx, parsed.answerId);
    return;
  }
  const { action, sessionId } = parsed;
  const { engine } = ctx.services;
  switch (action) {
    case 'forget':
      await interaction.update({
        ...renderEdit(await forgetMe(ctx.services, userIdentity(interaction.user), { privateWorkspace: workspaceIdentity(null, interaction.user) })),
        components: [],
      });
      return;
    case 'keep':
      await interaction.update({ ...renderEdit({ title: 'Nothing was deleted.', tone: 'info', ephemeral: true }), components: [] });
      return;
    case 'answer': {
      await engine.requireParticipant(sessionId, userIdentity(interaction.user), DISCORD_REFUSALS);
      const input = new TextInputBuilder().setCustomId(DRILL_MODAL_FIELD).setLabel('Your answer').setStyle(TextInputStyle.Paragraph).setMinLength(1).setMaxLength(4000).setRequired(true);
      const modal = new ModalBuilder().setCustomId(interaction.customId).setTitle('Your answer'.slice(0, 45)).addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
      await interaction.showModal(modal);
      return;
    }
    case 'join': {
      const running = (await engine.get(sessionId)).status === 'active';
      await engine.join(sessionId, userIdentity(interaction.user));
      await interaction.deferUpdate();
      await refreshLobby(ctx, sessionId, interaction.message.id);
      if (running) await interaction.followUp(renderReply({ title: "✅ You're in", description: 'Your first question is the next one, in the thread.', tone: 'success', ephemeral: true }));
      return;
    }
    case 'start':
      await engine.requireControl(sessionId, discordActor(interaction), 'start', DISCORD_REFUSALS);
      await interaction.deferUpdate();
      await startRound(ctx, sessionId, interaction.message.id);
      return;
    case 'cancel':
      await engine.requireControl(sessionId, discordActor(interaction), 'cancel', DISCORD_REFUSALS);
      await interaction.deferUpdate();
      clearTimeout(ctx.lobbyTimers.get(sessionId));
      await engine.end(sessionId, 'abandoned');
      await ctx.voice?.leave(sessionId);
      await refreshLobby(ctx, sessionId, interaction.message.id);
      return;
    case 'done': {
      await engine.requireParticipant(sessionId, userIdentity(interaction.user), DISCORD_REFUSALS);
      const finished = (await ctx.voice?.finishAnswer(sessionId, interaction.user.id)) ?? false;
      await interaction.reply(renderReply({ title: finished ? '👍 Got it — working on your answer.' : "I didn't catch a spoken answer from you for this question.", tone: 'info', ephemeral: true }));
      return;
    }
    case 'repeat':
    case 'skip':
    case 'end': {
      await engine.requireControl(sessionId, discordActor(interaction), action, DISCORD_REFUSALS);
      await interaction.deferUpdate();
      await ctx.flow.control(sessionId, action, await sessionSurface(ctx, sessionId), interaction.message.id);
      return;
    }
  }
}
