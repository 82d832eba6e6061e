import type { BotContext, VoiceRounds } from '../BotContext.js';
import { VoiceRoundManager, type VoiceRoundOptions } from './VoiceRoundManager.js';

export { VoiceRoundManager, type LiveVoiceRounds, type VoiceRoundOptions } from './VoiceRoundManager.js';
export { ParticipantCapture, type CaptureTimings } from './ParticipantCapture.js';
export { RtpHeaderTap, type RtpHeader } from './RtpHeaderTap.js';
export { VoiceConnectionLostError, watchConnection, type ResilienceOptions } from './voiceResilience.js';
export { questionAudio, toDiscordPcm, type QuestionAudio } from './speakQuestion.js';
export { VoiceRoundStatus, type VoiceRound, type SubmitTimings, type VoiceRoundEvents, type VoiceRoundState } from './voiceRoundState.js';
export type { VoicePresence } from './VoicePresence.js';
export type { LiveVoiceResources, VoiceResourceKind } from './voiceResources.js';

/** Voice rounds plus the manager behind them (events, per-round state) for tests, benchmarks and shutdown. */
export interface VoiceRoundsHandle extends VoiceRounds {
  readonly manager: VoiceRoundManager;
}

/** Defaults: answers end after SILENCE_END_SECONDS of silence or at MAX_ANSWER_SECONDS; drops get 5 s to recover. */
export function defaultVoiceOptions(ctx: BotContext): VoiceRoundOptions {
  return {
    endSilenceSec: ctx.config.SILENCE_END_SECONDS,
    maxAnswerSec: ctx.config.MAX_ANSWER_SECONDS,
    pollIntervalMs: 50,
    joinTimeoutMs: 15_000,
    reconnectWindowMs: 5_000,
    readyTimeoutMs: 15_000,
    maxRejoins: 3,
    absenceGraceMs: 15_000,
  };
}

/** The voice module for `startDiscordBot(…, { voice: createVoiceRounds })`. */
export function createVoiceRounds(ctx: BotContext, overrides: Partial<VoiceRoundOptions> = {}): VoiceRoundsHandle {
  const manager = new VoiceRoundManager(ctx, { ...defaultVoiceOptions(ctx), ...overrides });
  return {
    manager,
    join: (sessionId, guildId, voiceChannelId) => manager.join(sessionId, guildId, voiceChannelId),
    finishAnswer: async (sessionId, platformUserId) => manager.finishAnswer(sessionId, platformUserId),
    leave: (sessionId) => manager.leave(sessionId),
    stop: () => manager.destroy(),
  };
}
