import type { Client } from 'discord.js';
import type { UserRow } from '../../../db/schema.js';
import type { AnswerAudio } from '../../../pipeline/audio/types.js';
import type { ChunkedTranscription } from '../../../pipeline/transcribe/chunked/index.js';
import type { BotContext } from '../BotContext.js';
import { sessionSurface } from '../sessionSurface.js';
import type { CaptureTimings } from './ParticipantCapture.js';
import type { SubmitTimings } from './voiceRoundState.js';

/** People (not bots, not this bot) in a voice channel, by user id. */
export function channelMembers(client: Client, guildId: string, channelId: string): Set<string> {
  const guild = client.guilds.cache.get(guildId);
  const ids = new Set<string>();
  if (!guild) return ids;
  for (const state of guild.voiceStates.cache.values()) {
    if (state.channelId !== channelId || state.id === client.user?.id || state.member?.user.bot) continue;
    ids.add(state.id);
  }
  return ids;
}

/**
 * Whose answer to record for the current question: the participants expected to answer it (everyone, or the
 * one in the hot seat), who are in the channel and have not answered yet by any means. Nobody else is heard.
 */
export async function answerersToCapture(
  ctx: BotContext,
  sessionId: string,
  questionId: number,
  inChannel: ReadonlySet<string>,
  done: ReadonlySet<string>,
): Promise<UserRow[]> {
  const { engine, repos } = ctx.services;
  const wanted: UserRow[] = [];
  for (const user of await engine.expectedAnswerers(sessionId)) {
    if (!inChannel.has(user.platformUserId) || done.has(user.platformUserId)) continue;
    if ((await repos.answers.findForQuestion(questionId, user.id)) === undefined) wanted.push(user);
  }
  return wanted;
}

export interface SpokenAnswer {
  sessionId: string;
  questionId: number;
  userId: string;
  audio: AnswerAudio;
  timings: CaptureTimings;
  /** Chunks transcribed while the answer was spoken. */
  transcription: ChunkedTranscription | null;
  /** Seconds between the start of listening and the recording's first sample (ParticipantCapture.finish). */
  leadInSec?: number | null;
}

/**
 * Hands a recorded answer to the interview flow, which shows progress in the thread, transcribes, scores, edits
 * in the feedback and moves the round on. Returns null, submitting nothing, when the question has moved on
 * meanwhile (skipped, ended): the answer belonged to a question that is no longer asked.
 */
export async function submitSpokenAnswer(ctx: BotContext, answer: SpokenAnswer): Promise<{ error: string | null; timings: SubmitTimings } | null> {
  const { engine, repos } = ctx.services;
  const user = await repos.identity.findUser('discord', answer.userId);
  if (!user) return null;
  const surfaceStart = performance.now();
  const surface = await sessionSurface(ctx, answer.sessionId);
  const surfaceMs = performance.now() - surfaceStart;
  const session = await engine.get(answer.sessionId);
  if (session.status !== 'active' || (await engine.current(answer.sessionId)).question.id !== answer.questionId) return null;
  const submitStart = performance.now();
  // The flow checks again that this is still the current question when it reads it: the answer is never stored
  // against a question asked after the one it was spoken to.
  const outcome = await ctx.flow.submitAnswer({
    questionId: answer.questionId,
    sessionId: answer.sessionId,
    identity: { platform: 'discord', id: answer.userId, name: user.displayName || undefined },
    input: {
      kind: 'audio',
      inputKind: 'voice',
      audio: answer.audio,
      ...(answer.transcription ? { transcription: answer.transcription } : {}),
      ...(answer.leadInSec != null ? { sinceQuestionEndSec: answer.leadInSec } : {}),
    },
    surface,
  });
  if (outcome.stale) return null;
  const end = performance.now();
  return {
    error: outcome.error?.code ?? null,
    timings: { ...answer.timings, surfaceMs, submitMs: end - submitStart, totalMs: end - answer.timings.endedAt },
  };
}
