import { EventEmitter } from 'node:events';
import { VoiceConnectionStatus, createAudioPlayer, type VoiceConnection } from '@discordjs/voice';
import { Events, type VoiceState } from 'discord.js';
import { UserFacingError } from '../../../errors.js';
import type { EndReason } from '../../../pipeline/audio/types.js';
import type { BotContext } from '../BotContext.js';
import { userIdentity } from '../identity.js';
import { sessionSurface } from '../sessionSurface.js';
import { answerersToCapture, channelMembers, submitSpokenAnswer } from './captureAnswers.js';
import { joinSession, voiceChannelFor } from './joinSession.js';
import { ParticipantCapture } from './ParticipantCapture.js';
import { RtpHeaderTap } from './RtpHeaderTap.js';
import { playToEnd, questionAudio } from './speakQuestion.js';
import { handleVoiceStateChange, type MembershipHost } from './voiceMembership.js';
import { watchConnection } from './voiceResilience.js';
import { VoiceRoundStatus, type VoiceRound, type VoiceRoundEvents, type VoiceRoundState } from './voiceRoundState.js';

export interface VoiceRoundOptions {
  /** Silence after speech that ends an answer (SILENCE_END_SECONDS). */
  endSilenceSec: number;
  /** Longest answer (MAX_ANSWER_SECONDS). */
  maxAnswerSec: number;
  /** How often running answers check the silence window; also bounds how late a silence end is noticed. */
  pollIntervalMs: number;
  /** How often each round re-reads who should be answering (late joiners, text answers, the session ending). */
  reconcileIntervalMs: number;
  joinTimeoutMs: number;
  reconnectWindowMs: number;
  readyTimeoutMs: number;
  maxRejoins: number;
  /** How long a leaver (or an empty channel) is waited for before the round goes on without them. */
  absenceGraceMs: number;
  debug?: (line: string) => void;
}

/** Which answers a state change keeps running: on a repeat, the ones already under way. */
interface Teardown {
  keepRunningFor?: number;
}

/**
 * The voice side of every running round, one VoiceRound per session: joining, speaking each question, recording
 * each expected participant's answer on their own stream and handing it to the interview flow, following people
 * in and out of the channel, and keeping the connection up. State changes go through `#setState`, which tears
 * down what the old state owned.
 */
export class VoiceRoundManager extends EventEmitter<VoiceRoundEvents> implements MembershipHost {
  readonly ctx: BotContext;
  readonly options: VoiceRoundOptions;
  readonly #rounds = new Map<string, VoiceRound>();
  #ticker: NodeJS.Timeout | null = null;
  readonly #onVoiceState = (previous: VoiceState, next: VoiceState): void => {
    const round = [...this.#rounds.values()].find((r) => r.guildId === next.guild.id);
    if (!round) return;
    try {
      handleVoiceStateChange(this, round, previous, next);
    } catch (error) {
      this.failed(round, error, 'a voice state change');
    }
  };

  constructor(ctx: BotContext, options: VoiceRoundOptions) {
    super();
    this.ctx = ctx;
    this.options = options;
    ctx.client.on(Events.VoiceStateUpdate, this.#onVoiceState);
  }

  get absenceGraceMs(): number {
    return this.options.absenceGraceMs;
  }

  round(sessionId: string): VoiceRound | undefined {
    return this.#rounds.get(sessionId);
  }

  /** Joins the voice channel for a session and makes everyone already in it a participant. */
  async join(sessionId: string, guildId: string, channelId: string): Promise<void> {
    if (this.#rounds.has(sessionId)) return;
    if ([...this.#rounds.values()].some((r) => r.guildId === guildId)) {
      throw new UserFacingError('session_running', "I'm already running a voice round on this server. Join that one, or use `mode:text` here.");
    }
    const channel = await voiceChannelFor(this.ctx.client, guildId, channelId);
    const connection = await joinSession(channel, { readyTimeoutMs: this.options.joinTimeoutMs, debug: this.options.debug });
    const player = createAudioPlayer();
    player.on('error', (error) => this.failed(round, error, 'playing a question'));
    connection.subscribe(player);
    const round: VoiceRound = {
      sessionId,
      guildId,
      channelId,
      connection,
      player,
      tap: new RtpHeaderTap(connection),
      captures: new Map(),
      done: { questionId: null, users: new Set() },
      absent: new Map(),
      emptyTimer: null,
      stopWatching: () => undefined,
      leaving: new AbortController(),
      inFlight: 0,
      lastReconcileAt: 0,
      state: { status: VoiceRoundStatus.Idle },
    };
    this.#rounds.set(sessionId, round);
    round.stopWatching = this.#watch(round, connection);
    const added: string[] = [];
    for (const userId of channelMembers(this.ctx.client, guildId, channel.id)) {
      const member = channel.guild.members.cache.get(userId);
      if (!member) continue;
      this.ctx.services.engine.join(sessionId, userIdentity(member.user));
      added.push(userId);
    }
    this.#ticker ??= setInterval(() => this.#tick(), this.options.pollIntervalMs).unref();
    this.emit('joined', { sessionId, guildId, channelId: channel.id, addedParticipants: added });
  }

  /** Speaks the current question; answers are recorded from the moment it has been heard. Returns at once. */
  speakQuestion(sessionId: string, text: string): void {
    const round = this.#rounds.get(sessionId);
    if (!round || round.state.status === VoiceRoundStatus.Left) return;
    let questionId: number;
    try {
      questionId = this.ctx.services.engine.current(sessionId).question.id;
    } catch (error) {
      this.failed(round, error, 'finding the question to speak');
      return;
    }
    const { state } = round;
    const repeat = (state.status === VoiceRoundStatus.Speaking || state.status === VoiceRoundStatus.Listening) && state.questionId === questionId;
    if (round.done.questionId !== questionId) round.done = { questionId, users: new Set() };
    const playback = new AbortController();
    this.#setState(round, { status: VoiceRoundStatus.Speaking, questionId, playback }, repeat ? { keepRunningFor: questionId } : {});
    this.#playThenListen(round, questionId, text, playback.signal).catch((error: unknown) => this.failed(round, error, 'speaking a question'));
  }

  /** "I'm done": ends this person's running answer. False when there is no spoken answer from them. */
  finishAnswer(sessionId: string, userId: string): boolean {
    const round = this.#rounds.get(sessionId);
    if (!round) return false;
    // Already ended (silence window, or a second press): it is being worked on.
    if (round.done.users.has(userId)) return true;
    const capture = round.captures.get(userId);
    if (!capture || capture.questionId === null || capture.packets === 0) return false;
    capture.stop();
    return true;
  }

  async leave(sessionId: string, reason = 'session ended'): Promise<void> {
    const round = this.#rounds.get(sessionId);
    if (!round) return;
    this.#rounds.delete(sessionId);
    round.leaving.abort();
    this.#setState(round, { status: VoiceRoundStatus.Left });
    round.stopWatching();
    round.tap.dispose();
    for (const timer of round.absent.values()) clearTimeout(timer);
    round.absent.clear();
    if (round.emptyTimer) clearTimeout(round.emptyTimer);
    round.player.stop(true);
    if (round.connection && round.connection.state.status !== VoiceConnectionStatus.Destroyed) round.connection.destroy();
    if (this.#rounds.size === 0 && this.#ticker) {
      clearInterval(this.#ticker);
      this.#ticker = null;
    }
    this.emit('left', { sessionId, reason });
  }

  /** Leaves every channel and stops listening to Discord (bot shutdown). */
  async destroy(): Promise<void> {
    for (const sessionId of [...this.#rounds.keys()]) await this.leave(sessionId, 'shutting down');
    this.ctx.client.off(Events.VoiceStateUpdate, this.#onVoiceState);
  }

  releaseCapture(round: VoiceRound, userId: string): void {
    const capture = round.captures.get(userId);
    if (!capture) return;
    if (capture.questionId !== null && capture.packets > 0 && !capture.ended) {
      // What they said is an answer; the capture is closed once it has been handed over.
      capture.stop();
      return;
    }
    if (capture.ended) return;
    capture.close();
    round.captures.delete(userId);
  }

  participantLeft(round: VoiceRound, userId: string): void {
    this.emit('participantLeft', { sessionId: round.sessionId, userId });
  }

  failed(round: VoiceRound, error: unknown, during: string): void {
    this.ctx.logger.warn({ err: error, sessionId: round.sessionId, during }, 'voice round problem');
    this.emit('failure', { sessionId: round.sessionId, error, during });
  }

  #setState(round: VoiceRound, next: VoiceRoundState, teardown: Teardown = {}): void {
    const previous = round.state;
    if (previous.status === VoiceRoundStatus.Speaking && previous !== next) previous.playback.abort();
    if (next.status === VoiceRoundStatus.Left) {
      for (const capture of round.captures.values()) capture.close();
      round.captures.clear();
    } else if (next.status !== VoiceRoundStatus.Listening) {
      for (const capture of round.captures.values()) {
        const keep = teardown.keepRunningFor !== undefined && capture.questionId === teardown.keepRunningFor && capture.packets > 0;
        if (!keep) capture.cancel();
      }
    }
    round.state = next;
  }

  async #playThenListen(round: VoiceRound, questionId: number, text: string, signal: AbortSignal): Promise<void> {
    const connection = round.connection;
    if (connection?.state.status === VoiceConnectionStatus.Ready) {
      try {
        const audio = await questionAudio(this.ctx.services.speaker, text, signal);
        await playToEnd(round.player, audio, signal);
        this.emit('questionSpoken', { sessionId: round.sessionId, questionId, frames: audio.frames, durationSec: audio.durationSec });
      } catch (error) {
        if (signal.aborted) return;
        // The question is in the thread as well; answers are taken without the spoken version.
        this.failed(round, error, 'speaking a question');
      }
    }
    if (signal.aborted || round.state.status !== VoiceRoundStatus.Speaking || round.state.questionId !== questionId) return;
    this.#setState(round, { status: VoiceRoundStatus.Listening, questionId, startedAt: performance.now() });
    const started = this.#reconcile(round);
    this.emit('listening', { sessionId: round.sessionId, questionId, userIds: started });
  }

  /** Starts recording everyone who should be answering now and is not; drops answers nobody needs. */
  #reconcile(round: VoiceRound): string[] {
    const { engine } = this.ctx.services;
    const session = engine.get(round.sessionId);
    if (session.status === 'ended' || session.status === 'abandoned') {
      void this.leave(round.sessionId, 'session over');
      return [];
    }
    const { state } = round;
    if (state.status !== VoiceRoundStatus.Listening || !round.connection) return [];
    const questionId = state.questionId;
    if (engine.current(round.sessionId).question.id !== questionId) return [];
    const inChannel = channelMembers(this.ctx.client, round.guildId, round.channelId);
    const wanted = answerersToCapture(this.ctx, round.sessionId, questionId, inChannel, round.done.users).map((u) => u.platformUserId);
    const started: string[] = [];
    for (const userId of wanted) {
      const capture = this.#captureFor(round, userId);
      if (capture.questionId === questionId) continue;
      capture.begin(questionId);
      started.push(userId);
    }
    const keep = new Set(wanted);
    for (const capture of round.captures.values()) {
      // Answered by text meanwhile, or no longer in the session: nobody needs this recording.
      if (capture.questionId === questionId && !keep.has(capture.userId) && !round.done.users.has(capture.userId)) capture.cancel();
    }
    return started;
  }

  #captureFor(round: VoiceRound, userId: string): ParticipantCapture {
    const existing = round.captures.get(userId);
    if (existing && !existing.closed) return existing;
    const capture = new ParticipantCapture({
      userId,
      endSilenceSec: this.options.endSilenceSec,
      maxDurationSec: this.options.maxAnswerSec,
      takeHeader: (ssrc) => round.tap.take(ssrc),
      startTranscription: () => this.ctx.services.answers.startLiveTranscription(),
      onEnd: (ended, reason) => {
        if (ended.questionId === round.done.questionId) round.done.users.add(ended.userId);
        setImmediate(() => {
          this.#complete(round, ended, reason).catch((error: unknown) => this.failed(round, error, 'handing over an answer'));
        });
      },
      onResubscribe: (resubscribed, error) => this.emit('resubscribed', { sessionId: round.sessionId, userId: resubscribed.userId, error }),
    });
    if (round.connection) capture.attach(round.connection.receiver);
    round.captures.set(userId, capture);
    return capture;
  }

  async #complete(round: VoiceRound, capture: ParticipantCapture, reason: EndReason): Promise<void> {
    const result = capture.finish();
    if (!result || round.state.status === VoiceRoundStatus.Left) return;
    const { sessionId } = round;
    this.emit('answerCaptured', { sessionId, questionId: result.questionId, userId: capture.userId, reason, audio: result.audio, capture, chunksSent: result.transcription?.chunkCount ?? 0 });
    if (!channelMembers(this.ctx.client, round.guildId, round.channelId).has(capture.userId)) {
      capture.close();
      if (round.captures.get(capture.userId) === capture) round.captures.delete(capture.userId);
    }
    round.inFlight++;
    try {
      const submitted = await submitSpokenAnswer(this.ctx, {
        sessionId,
        questionId: result.questionId,
        userId: capture.userId,
        audio: result.audio,
        timings: result.timings,
        transcription: result.transcription,
      });
      // Not submitted (the question moved on): the chunks already being transcribed are not wanted.
      if (!submitted) result.transcription?.cancel();
      if (submitted) this.emit('answerSubmitted', { sessionId, questionId: result.questionId, userId: capture.userId, ...submitted });
    } finally {
      round.inFlight--;
    }
  }

  #tick(): void {
    const now = performance.now();
    for (const round of this.#rounds.values()) {
      for (const capture of round.captures.values()) capture.poll();
      if (now - round.lastReconcileAt < this.options.reconcileIntervalMs) continue;
      round.lastReconcileAt = now;
      try {
        this.#reconcile(round);
      } catch (error) {
        this.failed(round, error, 'checking who is answering');
      }
    }
  }

  #watch(round: VoiceRound, connection: VoiceConnection): () => void {
    return watchConnection(connection, {
      reconnectWindowMs: this.options.reconnectWindowMs,
      readyTimeoutMs: this.options.readyTimeoutMs,
      maxRejoins: this.options.maxRejoins,
      signal: round.leaving.signal,
      onRecovered: (rejoins) => this.emit('reconnected', { sessionId: round.sessionId, rejoins, fresh: false }),
      onLost: (error) => {
        this.#replaceConnection(round, error).catch((failure: unknown) => this.failed(round, failure, 'rejoining voice'));
      },
    });
  }

  /** Every rejoin failed: one fresh connection, else the round carries on in the thread without voice. */
  async #replaceConnection(round: VoiceRound, error: Error): Promise<void> {
    this.emit('connectionLost', { sessionId: round.sessionId, error });
    round.stopWatching();
    if (round.connection && round.connection.state.status !== VoiceConnectionStatus.Destroyed) round.connection.destroy();
    round.connection = null;
    if (round.leaving.signal.aborted) return;
    try {
      const channel = await voiceChannelFor(this.ctx.client, round.guildId, round.channelId);
      const connection = await joinSession(channel, { readyTimeoutMs: this.options.joinTimeoutMs, signal: round.leaving.signal, debug: this.options.debug });
      round.connection = connection;
      round.tap.follow(connection);
      connection.subscribe(round.player);
      for (const capture of round.captures.values()) capture.attach(connection.receiver);
      round.stopWatching = this.#watch(round, connection);
      this.emit('reconnected', { sessionId: round.sessionId, rejoins: this.options.maxRejoins, fresh: true });
    } catch (failure) {
      if (round.leaving.signal.aborted) return;
      this.failed(round, failure, 'joining voice again');
      const surface = await sessionSurface(this.ctx, round.sessionId);
      await surface.post({ title: '🔌 I lost the voice connection', description: 'Keep answering here with text or a voice message — the round goes on.', tone: 'warning' });
    }
  }
}
