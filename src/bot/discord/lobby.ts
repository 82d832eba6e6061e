import { lobbyCard } from '../../commands/cards/lobbyCard.js';
import type { Card } from '../../commands/card.js';
import type { BotContext } from './BotContext.js';
import { renderEdit } from './renderCard.js';
import { sessionSurface } from './sessionSurface.js';
import type { SessionId } from '../../ids.js';

async function mentions(ctx: BotContext, sessionId: SessionId) {
  const session = await ctx.services.engine.get(sessionId);
  const participants = await ctx.services.engine.participants(sessionId);
  const host = participants.find((p) => p.id === session.hostUserId);
  return {
    session,
    hostMention: host ? `<@${host.platformUserId}>` : 'someone',
    participantMentions: participants.map((p) => `<@${p.platformUserId}>`),
  };
}

/** The lobby card as the round stands now: waiting, running (Join stays live), ended or cancelled. */
export interface LobbyView {
  startsInSec?: number;
  connecting?: boolean;
  /** Question 1 is on its way (no lobby wait): shown as started already. */
  startingNow?: boolean;
}

export async function currentLobbyCard(ctx: BotContext, sessionId: SessionId, view: LobbyView = {}): Promise<Card> {
  const { session, hostMention, participantMentions } = await mentions(ctx, sessionId);
  if (session.status === 'abandoned') {
    return { title: '🛑 Mock interview cancelled', description: `Cancelled by the host. Start another with \`/mock-interview\`.`, tone: 'warning' };
  }
  return lobbyCard(session, {
    hostMention,
    participantMentions,
    startsInSec: view.startsInSec,
    connecting: view.connecting,
    started: session.status !== 'lobby' || view.startingNow,
    ended: session.status === 'ended',
    joinWhileRunning: true,
    replies: ctx.messageContent,
    note: ctx.lobbyNotes.get(sessionId),
  });
}

/** Redraws the lobby message (the slash command's reply) after a join, start or cancel. */
export async function refreshLobby(ctx: BotContext, sessionId: SessionId, lobbyMessageId: string, view: LobbyView = {}): Promise<void> {
  const session = await ctx.services.engine.get(sessionId);
  if (session.location.surface !== 'discord') return;
  const channel = await ctx.client.channels.fetch(session.location.channel);
  if (!channel || !channel.isSendable() || !('messages' in channel)) return;
  await channel.messages.edit(lobbyMessageId, renderEdit(await currentLobbyCard(ctx, sessionId, view)));
}

/**
 * After the round ended: the lobby card loses its Join button. The round's thread was started from the lobby
 * message, and Discord gives such a thread the message's id.
 */
export async function closeLobby(ctx: BotContext, sessionId: SessionId): Promise<void> {
  const { location } = await ctx.services.engine.get(sessionId);
  const threadId = location.surface === 'discord' ? location.thread : undefined;
  ctx.lobbyNotes.delete(sessionId);
  for (const key of ctx.contentHints) if (key.startsWith(`${sessionId}:`)) ctx.contentHints.delete(key);
  if (!threadId) return;
  await refreshLobby(ctx, sessionId, threadId).catch((err: unknown) => ctx.logger.warn({ err, sessionId }, 'could not close the lobby card'));
}

/** Starts the round now: clears the timer, asks the first question in the thread, marks the lobby started. */
export async function startRound(ctx: BotContext, sessionId: SessionId, lobbyMessageId: string): Promise<void> {
  const timer = ctx.lobbyTimers.get(sessionId);
  if (timer) clearTimeout(timer);
  ctx.lobbyTimers.delete(sessionId);
  if ((await ctx.services.engine.get(sessionId)).status !== 'lobby') return;
  await ctx.flow.begin(sessionId, await sessionSurface(ctx, sessionId));
  await refreshLobby(ctx, sessionId, lobbyMessageId).catch((err: unknown) => ctx.logger.warn({ err }, 'lobby refresh failed'));
}

export function startLobbyTimer(ctx: BotContext, sessionId: SessionId, lobbyMessageId: string, seconds: number): void {
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
