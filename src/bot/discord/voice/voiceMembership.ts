import type { VoiceState } from 'discord.js';
import { userIdentity } from '../identity.js';
import type { BotContext } from '../BotContext.js';
import { closeLobby } from '../lobby.js';
import { sessionSurface } from '../sessionSurface.js';
import { channelMembers } from './captureAnswers.js';
import type { VoicePresence } from './VoicePresence.js';
import type { VoiceRound } from './voiceRoundState.js';

/** What the membership rules need from the round manager. */
export interface MembershipHost {
  readonly ctx: BotContext;
  readonly absenceGraceMs: number;
  /** The person left the channel: end their running answer (kept if they said something) and stop listening. */
  releaseCapture(round: VoiceRound, userId: string): void;
  leave(sessionId: string, reason: string): Promise<void>;
  participantLeft(round: VoiceRound, userId: string): void;
  failed(round: VoiceRound, error: unknown, during: string): void;
}

const isOpen = (status: string): boolean => status === 'lobby' || status === 'active';

/**
 * Someone entered or left the round's channel. Entering during the lobby makes them a participant; entering
 * mid-round makes them one from the next question (so the current one does not wait for someone who missed it).
 * Leaving ends their running answer (what they said is kept), and if they stay away past the grace they leave
 * the session, so the round does not wait for them. An empty channel past the grace ends the round.
 */
export function handleVoiceStateChange(host: MembershipHost, round: VoiceRound, presence: VoicePresence, previous: VoiceState, next: VoiceState): Promise<void> {
  const { ctx } = host;
  const userId = next.id;
  if (userId === ctx.client.user?.id) {
    // Moved by someone: follow the bot. A disconnect is the connection watcher's business.
    if (next.channelId && next.channelId !== round.channelId) round.channelId = next.channelId;
    return Promise.resolve();
  }
  if (next.member?.user.bot) return Promise.resolve();
  const wasIn = previous.channelId === round.channelId;
  const isIn = next.channelId === round.channelId;
  // entered() clears a pending absence before its first await, so the order of events is kept.
  const entering = !wasIn && isIn ? entered(host, round, presence, next) : Promise.resolve();
  if (wasIn && !isIn) left(host, round, presence, userId);
  checkEmpty(host, round, presence);
  return entering;
}

async function entered(host: MembershipHost, round: VoiceRound, presence: VoicePresence, state: VoiceState): Promise<void> {
  const { engine } = host.ctx.services;
  const userId = state.id;
  presence.back(userId);
  const session = await engine.get(round.sessionId);
  const isParticipant = (await engine.participants(round.sessionId)).some((p) => p.platformUserId === userId);
  if (isParticipant || !state.member) return;
  // During a question, too: the engine expects a late joiner from the next question on.
  if (session.status === 'lobby' || session.status === 'active') await engine.join(round.sessionId, userIdentity(state.member.user));
}

function left(host: MembershipHost, round: VoiceRound, presence: VoicePresence, userId: string): void {
  host.releaseCapture(round, userId);
  presence.markAway(userId, host.absenceGraceMs, () => {
    removeIfStillAway(host, round, userId).catch((error: unknown) => host.failed(round, error, 'removing a participant who left'));
  });
}

async function removeIfStillAway(host: MembershipHost, round: VoiceRound, userId: string): Promise<void> {
  const { ctx } = host;
  const { engine } = ctx.services;
  if (channelMembers(ctx.client, round.guildId, round.channelId).has(userId)) return;
  const session = await engine.get(round.sessionId);
  if (!isOpen(session.status)) return;
  const questionBefore = session.status === 'active' ? (await engine.current(round.sessionId)).question.id : null;
  // Back in the channel while this was read: they stay.
  if (channelMembers(ctx.client, round.guildId, round.channelId).has(userId)) return;
  await engine.leave(round.sessionId, { platform: 'discord', id: userId });
  host.participantLeft(round, userId);
  // Their answer may still be on its way; the flow moves on by itself when it lands.
  if (questionBefore === null || round.inFlight > 0 || (await engine.participants(round.sessionId)).length === 0) return;
  // Everyone still here may have answered: the flow moves on if so (and only once).
  await ctx.flow.advanceIfComplete(round.sessionId, questionBefore, await sessionSurface(ctx, round.sessionId));
}

function checkEmpty(host: MembershipHost, round: VoiceRound, presence: VoicePresence): void {
  const empty = channelMembers(host.ctx.client, round.guildId, round.channelId).size === 0;
  if (!empty) {
    presence.notEmpty();
    return;
  }
  presence.watchEmpty(host.absenceGraceMs, () => {
    endEmptyRound(host, round).catch((error: unknown) => host.failed(round, error, 'ending a round whose channel emptied'));
  });
}

async function endEmptyRound(host: MembershipHost, round: VoiceRound): Promise<void> {
  const { ctx } = host;
  const { engine } = ctx.services;
  if (channelMembers(ctx.client, round.guildId, round.channelId).size > 0) return;
  const session = await engine.get(round.sessionId);
  if (!isOpen(session.status)) {
    await host.leave(round.sessionId, 'session over');
    return;
  }
  const surface = await sessionSurface(ctx, round.sessionId);
  await surface.post({ title: '👋 Everyone left the voice channel', description: 'I ended the round there. Your answers are saved — see them with `/progress`.', tone: 'info' });
  if (session.status === 'active') {
    // Posts the round summary and, through the flow's end hook, leaves the channel.
    await ctx.flow.control(round.sessionId, 'end', surface);
  } else {
    const timer = ctx.lobbyTimers.get(round.sessionId);
    if (timer) clearTimeout(timer);
    ctx.lobbyTimers.delete(round.sessionId);
    await engine.end(round.sessionId, 'abandoned');
    await closeLobby(ctx, round.sessionId);
  }
  await host.leave(round.sessionId, 'channel empty');
}
