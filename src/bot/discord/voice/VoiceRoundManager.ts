import { EventEmitter } from 'node:events';
import { VoiceConnectionStatus, type VoiceConnection } from '@discordjs/voice';
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
import { QuestionAnswers, type HarvestedAnswer } from './QuestionAnswers.js';
import { playToEnd, questionAudio } from './speakQuestion.js';
import { handleVoiceStateChange, type MembershipHost } from './voiceMembership.js';
import { VoicePresence } from './VoicePresence.js';
import { watchConnection } from './voiceResilience.js';
import { VoiceResources, type LiveVoiceResources } from './voiceResources.js';
import {
  VoiceRound,
  VoiceRoundStatus,
  heldBy,
  isAsking,
  isInVoice,
  type JoiningState,
  type SpeakingState,
  type VoiceRoundEvents,
  type VoiceRoundState,
} from './voiceRoundState.js';

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

/** What the voice module holds right now, for tests: rounds and guild reservations, and every held resource by kind. */
export interface LiveVoiceRounds extends LiveVoiceResources {
  rounds: number;
  guilds: number;
}

/**
 * The voice side of every running round, one VoiceRound per session: joining, speaking each question, recording
 * each expected participant's answer on their own stream and handing it to the interview flow, following people
 * in and out of the channel, and keeping the connection up. It learns what happens to the round from the flow's
 * events (question asked, answer recorded, question closed, round ended) and from Discord's voice states; it
 * never polls the database.
 *
 * Each state holds exactly what is valid in it (see voiceRoundState.ts): Joining the join attempt; Idle, Speaking
 * and Listening the channel presence (connection, player, tap, captures, membership timers), Speaking its
 * playback, Speaking and Listening the question's answers with their silence clock; Degraded and Ended nothing.
 * Every state change goes through `#setState`, which releases what the old state held and the new one does not,
 * so ending or degrading a round from any state lets go of everything.
 */
export class VoiceRoundManager extends EventEmitter<VoiceRoundEvents> implements MembershipHost {
  readonly ctx: BotContext;
  readonly options: VoiceRoundOptions;
  /** Every connection, watcher, capture, player, playback and timer the rounds hold. */
  readonly #resources = new VoiceResources();
  readonly #rounds = new Map<string, VoiceRound>();
  /** Guild → the session holding its one voice round, taken before the first await of a join. */
  readonly #guilds = new Map<string, string>();
  /** Joins under way, so a second join of the same session waits for the first. */
  readonly #joining = new Map<string, Promise<void>>();
  readonly #unsubscribe: (() => void)[];
  readonly #onVoiceState = (previous: VoiceState, next: VoiceState): void => {
    const round = [...this.#rounds.values()].find((r) => r.guildId === next.guild.id);
    const presence = round?.presence;
    if (!round || !presence) return;
    // The timers and the channel bookkeeping change at once; who takes part is stored after.
    let stored: Promise<void>;
    try {
      stored = handleVoiceStateChange(this, round, presence, previous, next);
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

  /** What is held right now (tests check that nothing outlives the state that held it). */
  live(): LiveVoiceRounds {
    return { rounds: this.#rounds.size, guilds: this.#guilds.size, ...this.#resources.live() };
  }

  /**
   * Joins the voice channel for a session and makes everyone already in it a participant. One round per guild:
   * the guild is reserved and the round (Joining) recorded synchronously, so two rounds starting at the same
   * moment cannot both pass the check, and leaving while still joining aborts the join.
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
    const abort = new AbortController();
    const joiningState: JoiningState = { status: VoiceRoundStatus.Joining, attempt: this.#resources.hold('join', () => abort.abort()), signal: abort.signal };
    const round = new VoiceRound(sessionId, guildId, channelId, joiningState);
    this.#rounds.set(sessionId, round);
    const joining = this.#open(round, joiningState)
      .catch((error: unknown) => {
        // A failed join leaves no round behind (a leave while joining has already ended it).
        if (round.state === joiningState) this.#end(round);
        throw error;
      })
      .finally(() => this.#joining.delete(sessionId));
    this.#joining.set(sessionId, joining);
    return joining;
  }

  async #open(round: VoiceRound, joining: JoiningState): Promise<void> {
    const { sessionId, guildId } = round;
    const channel = await voiceChannelFor(this.ctx.client, guildId, round.channelId);
    joining.signal.throwIfAborted();
    const connection = await joinSession(channel, { readyTimeoutMs: this.options.joinTimeoutMs, signal: joining.signal, resources: this.#resources, debug: this.options.debug });
    if (round.state !== joining) {
      // Left while the connection came up.
      if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
      throw new UserFacingError('voice_unavailable', 'The round ended while I was joining the voice channel.');
    }
    const presence = new VoicePresence(this.#resources, connection, (error) => this.failed(round, error, 'playing a question'));
    this.#setState(round, { status: VoiceRoundStatus.Idle, presence, answered: new Set() });
    presence.watch(this.#watch(round, presence, connection));
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
    const state = round?.state;
    if (!round || !state || !isInVoice(state)) return;
    // A repeat keeps the answers already under way; anything else starts the question's answers afresh.
    const repeat = isAsking(state) && state.answers.questionId === questionId;
    const answers = repeat ? state.answers.forRepeat() : new QuestionAnswers(this.#resources, this.options.pollIntervalMs, questionId);
    const playback = new AbortController();
    const speaking: SpeakingState = {
      status: VoiceRoundStatus.Speaking,
      presence: state.presence,
      answers,
      playback: this.#resources.hold('playback', () => playback.abort()),
      signal: playback.signal,
    };
    this.#setState(round, speaking);
    this.#playThenListen(round, speaking, text).catch((error: unknown) => this.failed(round, error, 'speaking a question'));
  }

  /** "I'm done": ends this person's running answer. False when there is no spoken answer from them. */
  finishAnswer(sessionId: string, userId: string): boolean {
    const state = this.#rounds.get(sessionId)?.state;
    if (!state) return false;
    // Already ended (silence window, or a second press): it is being worked on.
    if (state.status === VoiceRoundStatus.Idle) return state.answered.has(userId);
    if (!isAsking(state)) return false;
    if (state.answers.done.has(userId)) return true;
    const capture = state.presence.capture(userId);
    if (!capture || capture.questionId !== state.answers.questionId || capture.packets === 0) return false;
    capture.stop();
    return true;
  }

  async leave(sessionId: string, reason = 'session ended'): Promise<void> {
    const round = this.#rounds.get(sessionId);
    if (!round) return;
    this.#end(round);
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
    const state = this.#rounds.get(sessionId)?.state;
    if (!state || !isAsking(state) || state.answers.questionId !== questionId || state.answers.done.has(platformUserId)) return;
    state.answers.done.add(platformUserId);
    const capture = state.presence.capture(platformUserId);
    if (capture?.questionId === questionId) capture.cancel();
  }

  /** Skipped, answered by everyone, or the round ended on it: stop asking and recording for it. */
  #questionClosed({ sessionId, questionId }: FlowEvents['questionClosed']): void {
    const round = this.#rounds.get(sessionId);
    const state = round?.state;
    if (!round || !state || !isAsking(state) || state.answers.questionId !== questionId) return;
    this.#setState(round, { status: VoiceRoundStatus.Idle, presence: state.presence, answered: state.answers.done });
  }

  releaseCapture(round: VoiceRound, userId: string): void {
    const presence = round.presence;
    const capture = presence?.capture(userId);
    if (!presence || !capture) return;
    if (capture.questionId !== null && capture.packets > 0 && !capture.ended) {
      // What they said is an answer; the capture is closed once it has been handed over.
      capture.stop();
      return;
    }
    if (capture.ended) return;
    presence.closeCapture(userId);
  }

  participantLeft(round: VoiceRound, userId: string): void {
    this.emit('participantLeft', { sessionId: round.sessionId, userId });
  }

  failed(round: VoiceRound, error: unknown, during: string): void {
    this.ctx.logger.warn({ err: error, sessionId: round.sessionId, during }, 'voice round problem');
    this.emit('failure', { sessionId: round.sessionId, error, during });
  }

  /** The one way a round changes state: what the old state held and the new one does not is released. */
  #setState(round: VoiceRound, next: VoiceRoundState): void {
    const previous = round.state;
    round.state = next;
    const kept = new Set(heldBy(next));
    for (const held of heldBy(previous)) if (!kept.has(held)) held.release();
  }

  /** Out of the round for good, from any state: everything it held is released and the guild is free again. */
  #end(round: VoiceRound): void {
    if (this.#rounds.get(round.sessionId) === round) this.#rounds.delete(round.sessionId);
    if (this.#guilds.get(round.guildId) === round.sessionId) this.#guilds.delete(round.guildId);
    this.#setState(round, { status: VoiceRoundStatus.Ended });
  }

  /** Voice is gone for good: answers with speech in them are still handed over, everything else is released. */
  #degrade(round: VoiceRound, cause: Error): void {
    const { state } = round;
    if (!isInVoice(state)) return;
    const harvested = isAsking(state) ? state.answers.harvest() : [];
    this.#setState(round, { status: VoiceRoundStatus.Degraded, cause });
    for (const answer of harvested) this.#handOver(round, answer).catch((error: unknown) => this.failed(round, error, 'handing over an answer'));
  }

  async #playThenListen(round: VoiceRound, speaking: SpeakingState, text: string): Promise<void> {
    const { presence, answers, signal } = speaking;
    const questionId = answers.questionId;
    if (presence.connection?.state.status === VoiceConnectionStatus.Ready) {
      try {
        const audio = await questionAudio(this.ctx.services.speaker, text, signal);
        await playToEnd(presence.player, audio, signal, this.#resources);
        this.emit('questionSpoken', { sessionId: round.sessionId, questionId, frames: audio.frames, durationSec: audio.durationSec });
      } catch (error) {
        if (signal.aborted) return;
        // The question is in the thread as well; answers are taken without the spoken version.
        this.failed(round, error, 'speaking a question');
      }
    }
    if (signal.aborted || round.state !== speaking) return;
    this.#setState(round, { status: VoiceRoundStatus.Listening, presence, answers, startedAt: performance.now() });
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
    if (state.status !== VoiceRoundStatus.Listening || !state.presence.connection) return [];
    const { presence, answers } = state;
    const questionId = answers.questionId;
    if ((await engine.get(round.sessionId)).status !== 'active' || (await engine.current(round.sessionId)).question.id !== questionId) return [];
    const inChannel = channelMembers(this.ctx.client, round.guildId, round.channelId);
    const wanted = (await answerersToCapture(this.ctx, round.sessionId, questionId, inChannel, answers.done)).map((u) => u.platformUserId);
    // Read after the awaits: the round may have moved on (another state) or lost its connection meanwhile.
    if (round.state !== state || !presence.connection) return [];
    const started: string[] = [];
    for (const userId of wanted) {
      const capture = this.#captureFor(round, presence, userId);
      if (capture.questionId === questionId) continue;
      answers.record(capture);
      started.push(userId);
    }
    const keep = new Set(wanted);
    for (const capture of presence.captures()) {
      // Answered by text meanwhile, or no longer in the session: nobody needs this recording.
      if (capture.questionId === questionId && !keep.has(capture.userId) && !answers.done.has(capture.userId)) capture.cancel();
    }
    return started;
  }

  #captureFor(round: VoiceRound, presence: VoicePresence, userId: string): ParticipantCapture {
    const existing = presence.capture(userId);
    if (existing && !existing.closed) return existing;
    const capture = new ParticipantCapture({
      userId,
      endSilenceSec: this.options.endSilenceSec,
      maxDurationSec: this.options.maxAnswerSec,
      takeHeader: (ssrc) => presence.tap.take(ssrc),
      startTranscription: () => this.ctx.services.answers.startLiveTranscription(),
      onEnd: (ended, reason) => {
        const { state } = round;
        if (isAsking(state) && ended.questionId === state.answers.questionId) state.answers.done.add(ended.userId);
        setImmediate(() => {
          this.#complete(round, ended, reason).catch((error: unknown) => this.failed(round, error, 'handing over an answer'));
        });
      },
      onResubscribe: (resubscribed, error) => this.emit('resubscribed', { sessionId: round.sessionId, userId: resubscribed.userId, error }),
    });
    presence.addCapture(capture);
    return capture;
  }

  async #complete(round: VoiceRound, capture: ParticipantCapture, reason: EndReason): Promise<void> {
    // Nothing left when the answer was dropped (question moved on, round over) or harvested when voice went away.
    const result = capture.finish();
    if (!result || round.state.status === VoiceRoundStatus.Ended) return;
    await this.#handOver(round, { capture, reason, result });
  }

  async #handOver(round: VoiceRound, { capture, reason, result }: HarvestedAnswer): Promise<void> {
    const { sessionId } = round;
    this.emit('answerCaptured', { sessionId, questionId: result.questionId, userId: capture.userId, reason, audio: result.audio, capture, chunksSent: result.transcription?.chunkCount ?? 0 });
    // Someone who left the channel while answering is unsubscribed now that their answer is out.
    if (!channelMembers(this.ctx.client, round.guildId, round.channelId).has(capture.userId)) round.presence?.closeCapture(capture.userId, capture);
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

  #watch(round: VoiceRound, presence: VoicePresence, connection: VoiceConnection): () => void {
    return watchConnection(connection, {
      reconnectWindowMs: this.options.reconnectWindowMs,
      readyTimeoutMs: this.options.readyTimeoutMs,
      maxRejoins: this.options.maxRejoins,
      resources: this.#resources,
      onRecovered: (rejoins) => this.emit('reconnected', { sessionId: round.sessionId, rejoins, fresh: false }),
      onLost: (error) => {
        this.#replaceConnection(round, presence, error).catch((failure: unknown) => this.failed(round, failure, 'rejoining voice'));
      },
    });
  }

  /** Every rejoin failed: one fresh connection, else the round carries on in the thread without voice. */
  async #replaceConnection(round: VoiceRound, presence: VoicePresence, error: Error): Promise<void> {
    if (round.presence !== presence) return;
    this.emit('connectionLost', { sessionId: round.sessionId, error });
    presence.dropConnection();
    const abort = new AbortController();
    const attempt = presence.rejoining(abort);
    try {
      const channel = await voiceChannelFor(this.ctx.client, round.guildId, round.channelId);
      abort.signal.throwIfAborted();
      const connection = await joinSession(channel, { readyTimeoutMs: this.options.joinTimeoutMs, signal: abort.signal, resources: this.#resources, debug: this.options.debug });
      if (abort.signal.aborted || round.presence !== presence) {
        // The round ended or degraded while the connection came up.
        if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
        return;
      }
      attempt.release();
      presence.use(connection);
      presence.watch(this.#watch(round, presence, connection));
      this.emit('reconnected', { sessionId: round.sessionId, rejoins: this.options.maxRejoins, fresh: true });
      // A question asked while there was no connection has nobody recorded yet.
      await this.#reconcile(round);
    } catch (failure) {
      if (abort.signal.aborted || round.presence !== presence) return;
      attempt.release();
      this.failed(round, failure, 'joining voice again');
      const cause = failure instanceof Error ? failure : new Error(String(failure));
      this.#degrade(round, cause);
      this.emit('degraded', { sessionId: round.sessionId, error: cause });
      const surface = await sessionSurface(this.ctx, round.sessionId);
      await surface.post({ title: '🔌 I lost the voice connection', description: 'Keep answering here with text or a voice message — the round goes on.', tone: 'warning' });
    }
  }
}
