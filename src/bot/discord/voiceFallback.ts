import type { BotContext } from './BotContext.js';
import { isUserFacingError } from '../../errors.js';
import { discordErrors } from './errors.js';
import { sessionSurface } from './sessionSurface.js';

/** "I couldn't connect to #General just now. Try again…" → "I couldn't connect to #General just now". */
function firstSentence(message: string): string {
  return (message.split(/(?<=[.!?])\s/)[0] ?? message).replace(/[.!?]$/, '');
}

/**
 * Joins the round's voice channel. When that fails the round is not left hanging with buttons that lead nowhere:
 * it goes on as a text round, and the lobby card (through `lobbyNotes`) and the thread say why. Returns whether
 * the round has voice.
 */
export async function joinVoiceOrSwitchToText(ctx: BotContext, sessionId: string, guildId: string, voiceChannelId: string): Promise<boolean> {
  const { engine } = ctx.services;
  if (!ctx.voice) return false;
  try {
    await ctx.voice.join(sessionId, guildId, voiceChannelId);
  } catch (error) {
    // Not the core mapping: a failed join is logged here (warn) and the round goes on, so nothing is apologised for.
    const shown = isUserFacingError(error) ? error : discordErrors(error);
    ctx.logger.warn({ err: error, sessionId }, 'voice join failed; the round goes on as a text round');
    await ctx.voice.leave(sessionId).catch(() => undefined);
    // Cancelled while connecting: the card says so already.
    if ((await engine.get(sessionId)).status !== 'lobby') return false;
    await engine.switchToText(sessionId);
    const reason = firstSentence(shown?.message ?? "I couldn't connect to the voice channel");
    ctx.lobbyNotes.set(sessionId, `🔇 ${reason} — so this is a text round now.`);
    const how = ctx.messageContent ? 'Reply in this thread with text or a voice message, or press **Answer in text** on each question.' : 'Press **Answer in text** on each question to answer.';
    const surface = await sessionSurface(ctx, sessionId);
    await surface.post({ title: '🔇 Switched to a text round', description: `${reason}. ${how}`, tone: 'warning' }).catch((err: unknown) => ctx.logger.warn({ err }, 'could not post the text-round note'));
    return false;
  }
  const status = (await engine.get(sessionId)).status;
  if (status === 'ended' || status === 'abandoned') {
    // Cancelled while connecting: nothing to stay for.
    await ctx.voice.leave(sessionId);
    return false;
  }
  return true;
}
