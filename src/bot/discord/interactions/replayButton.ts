import { AttachmentBuilder, DiscordAPIError, MessageFlags, type ButtonInteraction } from 'discord.js';
import { hearReplay, REPLAY_FILE_NAME, replayCard } from '../../../commands/hearReplay.js';
import type { AnswerId } from '../../../ids.js';
import { DISCORD_REFUSALS } from '../actor.js';
import type { BotContext } from '../BotContext.js';
import { userIdentity } from '../identity.js';
import { renderEdit, renderReply } from '../renderCard.js';

/**
 * "Hear it without the ums": an ephemeral note, then the replay as an ephemeral voice message (Discord lets
 * interaction replies carry EPHEMERAL with IS_VOICE_MESSAGE). A voice message takes no text and cannot be an edit, so
 * the note fills the deferred reply and the audio is a follow-up of its own. Should Discord refuse the ephemeral voice
 * message (a 400 or 403 where it does not allow one), it goes to the person's DMs instead — still only theirs.
 */
export async function sendReplay(interaction: ButtonInteraction, ctx: BotContext, answer: AnswerId): Promise<void> {
  // Encoding a long answer takes longer than the 3 s Discord waits for a first reply.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const audio = await hearReplay(ctx.services, userIdentity(interaction.user), answer, DISCORD_REFUSALS);
  await interaction.editReply(renderEdit(replayCard(audio, ctx.services.config.REPLAY_MINUTES)));
  const file = new AttachmentBuilder(audio.ogg, { name: REPLAY_FILE_NAME, duration: audio.durationSec, waveform: audio.waveform });
  try {
    await interaction.followUp({ files: [file], flags: MessageFlags.Ephemeral | MessageFlags.IsVoiceMessage });
  } catch (error) {
    if (!(error instanceof DiscordAPIError) || (error.status !== 400 && error.status !== 403)) throw error;
    ctx.logger.warn({ code: error.code, status: error.status }, 'ephemeral voice message refused; sending the replay by DM');
    await interaction.user.send({ files: [file], flags: MessageFlags.IsVoiceMessage });
    await interaction.followUp(renderReply(REPLAY_IN_DM));
  }
}

const REPLAY_IN_DM = { title: '🎧 Sent to your DMs', description: 'Discord would not show the voice message only to you here, so it is in your DMs with me.', tone: 'info', ephemeral: true } as const;
