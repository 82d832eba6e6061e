import { lobbyCard } from '../../commands/cards/lobbyCard.js';
import type { BotContext } from './BotContext.js';
import { renderEdit } from './renderCard.js';
import { sessionSurface } from './sessionSurface.js';

function mentions(ctx: BotContext, sessionId: string) {
  const session = ctx.services.engine.get(sessionId);
  const participants = ctx.services.engine.participants(sessionId);
  const host = participants.find((p) => p.id === session.hostUserId);
  return {
    session,
    hostMention: host ? `<@${host.platformUserId}>` : 'someone',
    participantMentions: participants.map((p) => `<@${p.platformUserId}>`),
  };
}

/** Redraws the lobby message (the slash command's reply) after a join, start or cancel. */
export async function refreshLobby(ctx: BotContext, sessionId: string, lobbyMessageId: string): Promise<void> {
  const { session, hostMention, participantMentions } = mentions(ctx, sessionId);
  const channel = await ctx.client.channels.fetch(session.channelId);
  if (!channel || !channel.isSendable() || !('messages' in channel)) return;
  const card =
    session.status === 'abandoned'
      ? { title: '🛑 Mock interview cancelled', description: `Cancelled by the host. Start another with \`/mock-interview\`.`, tone: 'warning' as const }
      : lobbyCard(session, { hostMention, participantMentions, started: session.status !== 'lobby' });
  await channel.messages.edit(lobbyMessageId, renderEdit(card));
}

/** Starts the round now: clears the timer, asks the first question in the thread, marks the lobby started. */
export async function startRound(ctx: BotContext, sessionId: string, lobbyMessageId: string): Promise<void> {
  const timer = ctx.lobbyTimers.get(sessionId);
  if (timer) clearTimeout(timer);
  ctx.lobbyTimers.delete(sessionId);
  if (ctx.services.engine.get(sessionId).status !== 'lobby') return;
  await ctx.flow.begin(sessionId, await sessionSurface(ctx, sessionId));
  await refreshLobby(ctx, sessionId, lobbyMessageId).catch((err: unknown) => ctx.logger.warn({ err }, 'lobby refresh failed'));
}

export function startLobbyTimer(ctx: BotContext, sessionId: string, lobbyMessageId: string, seconds: number): void {
  const run = () => {
    startRound(ctx, sessionId, lobbyMessageId).catch((err: unknown) => ctx.logger.error({ err, sessionId }, 'could not start the round'));
  };
  if (seconds <= 0) {
    run();
    return;
  }
  const timer = setTimeout(run, seconds * 1000);
  timer.unref();
  ctx.lobbyTimers.set(sessionId, timer);
}
