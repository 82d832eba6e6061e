import type { VoiceConnection } from '@discordjs/voice';
import type { EndReason, LiveAnswerAudio } from '../../../pipeline/audio/types.js';
import type { QuestionAnswers } from './QuestionAnswers.js';
import type { CaptureTimings, ParticipantCapture } from './ParticipantCapture.js';
import type { VoicePresence } from './VoicePresence.js';
import type { Held } from './voiceResources.js';

export enum VoiceRoundStatus {
  /** Connecting to the channel; holds the join attempt, which leaving aborts. */
  Joining = 'joining',
  /** In the channel, no question being asked (lobby, or between questions); holds the presence. */
  Idle = 'idle',
  /** Playing a question; holds the presence, the playback and the answers kept through a repeat. */
  Speaking = 'speaking',
  /** Recording answers to a question; holds the presence and the answers being recorded (with their clock). */
  Listening = 'listening',
  /** Voice was lost for good (every rejoin and a fresh join failed): the round goes on in the thread; holds nothing. */
  Degraded = 'degraded',
  /** Out of the channel; the round object is finished and holds nothing. */
  Ended = 'ended',
}

export interface JoiningState {
  readonly status: VoiceRoundStatus.Joining;
  /** Releasing it aborts the join (and destroys the half-made connection). */
  readonly attempt: Held;
  readonly signal: AbortSignal;
}

export interface IdleState {
  readonly status: VoiceRoundStatus.Idle;
  readonly presence: VoicePresence;
  /** Whose answer to the question just closed had ended ("I'm done" pressed late is still acknowledged). */
  readonly answered: ReadonlySet<string>;
}

export interface SpeakingState {
  readonly status: VoiceRoundStatus.Speaking;
  readonly presence: VoicePresence;
  /** The question's answers: fresh for a new question, the ones with speech in them on a repeat. */
  readonly answers: QuestionAnswers;
  /** Releasing it aborts the playback (a newer question, a repeat, the round left). */
  readonly playback: Held;
  readonly signal: AbortSignal;
}

export interface ListeningState {
  readonly status: VoiceRoundStatus.Listening;
  readonly presence: VoicePresence;
  readonly answers: QuestionAnswers;
  readonly startedAt: number;
}

export interface DegradedState {
  readonly status: VoiceRoundStatus.Degraded;
  /** Why voice was given up, for logs. */
  readonly cause: Error;
}

export interface EndedState {
  readonly status: VoiceRoundStatus.Ended;
}

export type VoiceRoundState = JoiningState | IdleState | SpeakingState | ListeningState | DegradedState | EndedState;
export type InVoiceState = IdleState | SpeakingState | ListeningState;
export type QuestionState = SpeakingState | ListeningState;

/** Whatever a state holds that is let go of when a state that does not hold it follows. */
export interface Releasable {
  release(): void;
}

/** Exactly what a state holds: a transition releases what the old state held and the new one does not. */
export function heldBy(state: VoiceRoundState): Releasable[] {
  switch (state.status) {
    case VoiceRoundStatus.Joining:
      return [state.attempt];
    case VoiceRoundStatus.Idle:
      return [state.presence];
    case VoiceRoundStatus.Speaking:
      return [state.presence, state.answers, state.playback];
    case VoiceRoundStatus.Listening:
      return [state.presence, state.answers];
    case VoiceRoundStatus.Degraded:
    case VoiceRoundStatus.Ended:
      return [];
  }
}

export function isInVoice(state: VoiceRoundState): state is InVoiceState {
  return state.status === VoiceRoundStatus.Idle || state.status === VoiceRoundStatus.Speaking || state.status === VoiceRoundStatus.Listening;
}

export function isAsking(state: VoiceRoundState): state is QuestionState {
  return state.status === VoiceRoundStatus.Speaking || state.status === VoiceRoundStatus.Listening;
}

/** One session's voice round: which channel, and the state that holds everything the round has there. */
export class VoiceRound {
  readonly sessionId: string;
  readonly guildId: string;
  /** Follows the bot when someone moves it. */
  channelId: string;
  state: VoiceRoundState;
  /** Answers between "ended" and "the flow has them", so leave/advance decisions can wait for them. */
  inFlight = 0;

  constructor(sessionId: string, guildId: string, channelId: string, joining: JoiningState) {
    this.sessionId = sessionId;
    this.guildId = guildId;
    this.channelId = channelId;
    this.state = joining;
  }

  /** The channel presence, while the state holds one. */
  get presence(): VoicePresence | null {
    return isInVoice(this.state) ? this.state.presence : null;
  }

  /** Null while joining, while a lost connection is replaced, once degraded and after the round ended. */
  get connection(): VoiceConnection | null {
    return this.presence?.connection ?? null;
  }
}

export interface SubmitTimings extends CaptureTimings {
  /** Fetching the thread surface. */
  surfaceMs: number;
  /** The flow: progress message, transcription, analysis, scoring, feedback edit. */
  submitMs: number;
  /** From `endedAt` until the flow returned (the feedback edit has been answered by Discord). */
  totalMs: number;
}

export interface VoiceRoundEvents {
  joined: [{ sessionId: string; guildId: string; channelId: string; addedParticipants: string[] }];
  questionSpoken: [{ sessionId: string; questionId: number; frames: number; durationSec: number }];
  listening: [{ sessionId: string; questionId: number; userIds: string[] }];
  /** `chunksSent`: pieces of the answer already handed to the transcriber while it was spoken. */
  answerCaptured: [{ sessionId: string; questionId: number; userId: string; reason: EndReason; audio: LiveAnswerAudio; capture: ParticipantCapture; chunksSent: number }];
  answerSubmitted: [{ sessionId: string; questionId: number; userId: string; error: string | null; timings: SubmitTimings }];
  resubscribed: [{ sessionId: string; userId: string; error: Error | undefined }];
  reconnected: [{ sessionId: string; rejoins: number; fresh: boolean }];
  connectionLost: [{ sessionId: string; error: Error }];
  /** Voice is gone for good; the round goes on in the thread. */
  degraded: [{ sessionId: string; error: Error }];
  participantLeft: [{ sessionId: string; userId: string }];
  left: [{ sessionId: string; reason: string }];
  /** Something went wrong that the round survived; logged as well. */
  failure: [{ sessionId: string; error: unknown; during: string }];
}
