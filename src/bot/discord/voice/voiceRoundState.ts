import type { AudioPlayer, VoiceConnection } from '@discordjs/voice';
import type { EndReason, LiveAnswerAudio } from '../../../pipeline/audio/types.js';
import type { CaptureTimings, ParticipantCapture } from './ParticipantCapture.js';
import type { RtpHeaderTap } from './RtpHeaderTap.js';

export enum VoiceRoundStatus {
  /** In the channel, no question being asked (lobby, or the round is between questions). */
  Idle = 'idle',
  /** Playing a question; answers are recorded once it has been heard. */
  Speaking = 'speaking',
  /** Recording answers to a question. */
  Listening = 'listening',
  /** Voice was lost for good (every rejoin and a fresh join failed): the round goes on in the thread, as text. */
  Degraded = 'degraded',
  /** Out of the channel; the round object is finished. */
  Left = 'left',
}

export interface IdleState {
  status: VoiceRoundStatus.Idle;
}

export interface SpeakingState {
  status: VoiceRoundStatus.Speaking;
  questionId: number;
  /** Aborted when a newer question (or a repeat) replaces this one, or the round leaves. */
  playback: AbortController;
}

export interface ListeningState {
  status: VoiceRoundStatus.Listening;
  questionId: number;
  startedAt: number;
}

export interface DegradedState {
  status: VoiceRoundStatus.Degraded;
  /** Why voice was given up, for logs. */
  cause: Error;
}

export interface LeftState {
  status: VoiceRoundStatus.Left;
}

export type VoiceRoundState = IdleState | SpeakingState | ListeningState | DegradedState | LeftState;

/** One session's presence in a voice channel. */
export interface VoiceRound {
  readonly sessionId: string;
  readonly guildId: string;
  channelId: string;
  /** Null after the connection was lost for good: the round carries on in the thread. */
  connection: VoiceConnection | null;
  readonly player: AudioPlayer;
  readonly tap: RtpHeaderTap;
  /** One per participant who is (or was, until they left) in the channel. */
  readonly captures: Map<string, ParticipantCapture>;
  /** Users whose answer to `questionId` has ended (submitted or being submitted); reset per question. */
  done: { questionId: number | null; users: Set<string> };
  /** Leavers' grace timers: back within the grace, nothing changes. */
  readonly absent: Map<string, NodeJS.Timeout>;
  emptyTimer: NodeJS.Timeout | null;
  stopWatching: () => void;
  /** Aborted when the round leaves voice on purpose. */
  readonly leaving: AbortController;
  /** Answers between "ended" and "the flow has them", so leave/advance decisions can wait for them. */
  inFlight: number;
  /** The silence clock: running answers check their silence window and cap on it while no packets arrive. */
  readonly clock: NodeJS.Timeout;
  state: VoiceRoundState;
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
