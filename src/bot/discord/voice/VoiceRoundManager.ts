import { EventEmitter } from 'node:events';
import { VoiceConnectionStatus, createAudioPlayer, type VoiceConnection } from '@discordjs/voice';
import { Events, type VoiceState } from 'discord.js';
import type { FlowEvents } from '../../../commands/interview/flowEvents.js';
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
 * in and out of the channel, and keeping the connection up. It learns what happens to the round from the flow's
 * events (question asked, answer recorded, question closed, round ended) and from Discord's voice states; it
 * never polls the database. State changes go through `#setState`, which tears down what the old state owned.
 */
export class VoiceRoundManager extends EventEmitter<VoiceRoundEvents> implements MembershipHost {
  readonly ctx: BotContext;
  readonly options: VoiceRoundOptions;
  readonly #rounds = new Map<string, VoiceRound>();
  /** Guild → the session holding its one voice round, taken before the first await of a join. */
  readonly #guilds = new Map<string, string>();
  /** Joins under way, so a second join of the same session waits for the first. */
  readonly #joining = new Map<string, Promise<void>>();
  readonly #unsubscribe: (() => void)[];
  readonly #onVoiceState = (previous: VoiceState, next: VoiceState): void => {
    const round = [...this.#rounds.values()].find((r) => r.guildId === next.guild.id);
    if (!round) return;
    // The timers and the channel bookkeeping change at once; who takes part is stored after.
    let stored: Promise<void>;
    try {
      stored = handleVoiceStateChange(this, round, previous, next);
    } catch (error) {
      this.failed(round, error, 'a voice state change');
      return;
    }
    stored
      // Someone back in the channel mid-question is recorded again, if their answer is still wanted.
      .then(() => this.#reconcile(round))
      .catch((error: unknown) => this.failed(round, error, 'a voice state change'));
  };

  constructor(ctx: BotContext, options: VoiceRoundOptions) {
    super();
    this.ctx = ctx;
    this.options = options;
    ctx.client.on(Events.VoiceStateUpdate, this.#onVoiceState);
    const { events } = ctx.flow;
    this.#unsubscribe = [
      events.on('questionAsked', ({ sessionId, asked }) => this.speakQuestion(sessionId, asked.question.id, asked.question.text)),
      events.on('answerRecorded', (event) => this.#answerRecorded(event)),
      events.on('questionClosed', (event) => this.#questionClosed(event)),
      events.on('roundEnded', ({ sessionId }) => {
        this.leave(sessionId, 'session over').catch((error: unknown) => this.ctx.logger.warn({ err: error, sessionId }, 'could not leave voice'));
      }),
    ];
  }

  get absenceGraceMs(): number {
    return this.options.absenceGraceMs;
  }

  round(sessionId: string): VoiceRound | undefined {
    return this.#rounds.get(sessionId);
  }

  /**
   * Joins the voice channel for a session and makes everyone already in it a participant. One round per guild:
   * the guild is reserved synchronously, so two rounds starting at the same moment cannot both pass the check.
   */
  join(sessionId: string, guildId: string, channelId: string): Promise<void> {
    const pending = this.#joining.get(sessionId);
    if (pending) return pending;
    if (this.#rounds.has(sessionId)) return Promise.resolve();
    const holder = this.#guilds.get(guildId);
    if (holder !== undefined && holder !== sessionId) {
      return Promise.reject(new UserFacingError('session_running', "I'm already running a voice round on this server. Join that one, or use `mode:text` here."));
    }
    this.#guilds.set(guildId, sessionId);
    const joining = this.#open(sessionId, guildId, channelId)
      .catch((error: unknown) => {
        if (!this.#rounds.has(sessionId) && this.#guilds.get(guildId) === sessionId) this.#guilds.delete(guildId);
        throw error;
      })
      .finally(() => this.#joining.delete(sessionId));
    this.#joining.set(sessionId, joining);
    return joining;
  }

  async #open(sessionId: string, guildId: string, channelId: string): Promise<void> {
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
      clock: setInterval(() => {
        for (const capture of round.captures.values()) capture.poll();
      }, this.options.pollIntervalMs).unref(),
      state: { status: VoiceRoundStatus.Idle },
    };
    this.#rounds.set(sessionId, round);
    round.stopWatching = this.#watch(round, connection);
    const added: string[] = [];
    for (const userId of channelMembers(this.ctx.client, guildId, channel.id)) {
      const member = channel.guild.members.cache.get(userId);
      if (!member) continue;
      await this.ctx.services.engine.join(sessionId, userIdentity(member.user));
      added.push(userId);
    }
    this.emit('joined', { sessionId, guildId, channelId: channel.id, addedParticipants: added });
  }

  /** Speaks a question just asked; answers are recorded from the moment it has been heard. Returns at once. */
  speakQuestion(sessionId: string, questionId: number, text: string): void {
    const round = this.#rounds.get(sessionId);
    if (!round || round.state.status === VoiceRoundStatus.Left || round.state.status === VoiceRoundStatus.Degraded) return;
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
    if (this.#guilds.get(round.guildId) === sessionId) this.#guilds.delete(round.guildId);
    round.leaving.abort();
    clearInterval(round.clock);
    this.#setState(round, { status: VoiceRoundStatus.Left });
    round.stopWatching();
    round.tap.dispose();
    for (const timer of round.absent.values()) clearTimeout(timer);
    round.absent.clear();
    if (round.emptyTimer) clearTimeout(round.emptyTimer);
    round.player.stop(true);
    if (round.connection && round.connection.state.status !== VoiceConnectionStatus.Destroyed) round.connection.destroy();
    this.emit('left', { sessionId, reason });
  }

  /** Leaves every channel and stops listening to Discord and the flow (bot shutdown). */
  async destroy(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const sessionId of [...this.#rounds.keys()]) await this.leave(sessionId, 'shutting down');
    this.ctx.client.off(Events.VoiceStateUpdate, this.#onVoiceState);
  }

  /** An answer by any means: a recording of the same person for that question is no longer wanted. */
  #answerRecorded({ sessionId, questionId, platformUserId }: FlowEvents['answerRecorded']): void {
    const round = this.#rounds.get(sessionId);
    if (!round || round.done.questionId !== questionId || round.done.users.has(platformUserId)) return;
    round.done.users.add(platformUserId);
    const capture = round.captures.get(platformUserId);
    if (capture?.questionId === questionId) capture.cancel();
  }

  /** Skipped, answered by everyone, or the round ended on it: stop asking and recording for it. */
  #questionClosed({ sessionId, questionId }: FlowEvents['questionClosed']): void {
    const round = this.#rounds.get(sessionId);
    const state = round?.state;
    if (!round || !state || (state.status !== VoiceRoundStatus.Speaking && state.status !== VoiceRoundStatus.Listening) || state.questionId !== questionId) return;
    this.#setState(round, { status: VoiceRoundStatus.Idle });
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
    } else if (next.status === VoiceRoundStatus.Degraded) {
      // What was said before voice went away is still an answer; the rest listens to nothing any more.
      for (const capture of round.captures.values()) {
        if (capture.questionId !== null && capture.packets > 0 && !capture.ended) capture.stop();
        else if (!capture.ended) capture.cancel();
      }
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
    const started = await this.#reconcile(round);
    this.emit('listening', { sessionId: round.sessionId, questionId, userIds: started });
  }

  /**
   * Starts recording everyone who should be answering now and is not; drops answers nobody needs. Runs when
   * listening starts, when someone enters the channel and after a fresh connection, not on a timer.
   */
  async #reconcile(round: VoiceRound): Promise<string[]> {
    const { engine } = this.ctx.services;
    const { state } = round;
    if (state.status !== VoiceRoundStatus.Listening || !round.connection) return [];
    const questionId = state.questionId;
    if ((await engine.get(round.sessionId)).status !== 'active' || (await engine.current(round.sessionId)).question.id !== questionId) return [];
    const inChannel = channelMembers(this.ctx.client, round.guildId, round.channelId);
    const wanted = (await answerersToCapture(this.ctx, round.sessionId, questionId, inChannel, round.done.users)).map((u) => u.platformUserId);
    // Read after the awaits: the round may have moved on or lost its connection meanwhile.
    const now = round.state;
    if (now.status !== VoiceRoundStatus.Listening || now.questionId !== questionId || !round.connection) return [];
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
        leadInSec: result.leadInSec,
      });
      // Not submitted (the question moved on): the chunks already being transcribed are not wanted.
      if (!submitted) result.transcription?.cancel();
      if (submitted) this.emit('answerSubmitted', { sessionId, questionId: result.questionId, userId: capture.userId, ...submitted });
    } finally {
      round.inFlight--;
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
      // A question asked while there was no connection has nobody recorded yet.
      await this.#reconcile(round);
    } catch (failure) {
      if (round.leaving.signal.aborted) return;
      this.failed(round, failure, 'joining voice again');
      const cause = failure instanceof Error ? failure : new Error(String(failure));
      this.#setState(round, { status: VoiceRoundStatus.Degraded, cause });
      this.emit('degraded', { sessionId: round.sessionId, error: cause });
      const surface = await sessionSurface(this.ctx, round.sessionId);
      await surface.post({ title: '🔌 I lost the voice connection', description: 'Keep answering here with text or a voice message — the round goes on.', tone: 'warning' });
    }
  }
}
