import type { MessageRef } from '../../messageRef.js';
import { isTranscriptionFailed } from '../../pipeline/transcribe/TranscriptionFailed.js';
import type { PlatformIdentity } from '../../db/repositories/identityRepository.js';
import type { SessionRow, UserRow } from '../../db/schema.js';
import type { UserFacingError } from '../../errors.js';
import { toUserError } from '../../toUserError.js';
import type { AnswerInput, AnswerResult } from '../../session/answerTypes.js';
import type { Services } from '../../services.js';
import type { AdvanceResult, AskedQuestion } from '../../session/types.js';
import type { AnswerAudio } from '../../pipeline/audio/types.js';
import type { Card } from '../card.js';
import type { Logger } from '../../logger.js';
import type { RefusalWording } from '../../session/refusals.js';
import { errorCard } from '../card.js';
import { feedbackCard } from '../cards/feedbackCard.js';
import { withGroupRatings } from '../peerRatings.js';
import { questionCard } from '../cards/questionCard.js';
import type { CardVocabulary } from '../cards/vocabulary.js';
import { progressCard } from '../cards/statusCards.js';
import type { ChatSurface } from './ChatSurface.js';
import type { FlowEvents } from './flowEvents.js';
import { SessionLocks } from './SessionLocks.js';
import { TypedEmitter } from './TypedEmitter.js';
import { followUpFor, offlineFollowUpFor } from '../../session/followUpFor.js';
import type { AnswerId, QuestionId, SessionId } from '../../ids.js';

/** `inFlight` (optional): answers being worked on, so a SIGTERM can wait for them. */
export type FlowServices = Pick<Services, 'engine' | 'answers' | 'repos'> & Partial<Pick<Services, 'inFlight' | 'followUps'>>;

export interface FlowHooks {
  /** Builds the end-of-round card (the progress module provides it); without it nothing is posted at the end. */
  summaryCard?(session: SessionRow): Promise<Card> | Card;
  /** Called when a round ends, after the summary, e.g. to close the lobby card. */
  onEnded?(session: SessionRow): Promise<void> | void;
  /**
   * Drills are private one-card exchanges (Discord: ephemeral replies and DMs): their cards are drill cards and
   * the drill ends without a summary. Where a drill is a one-question thread (Slack) it is shown as a round.
   */
  privateDrills?: boolean;
  /** Question cards say how to answer (false where the surface says it itself, e.g. the terminal's prompt). */
  howToAnswer?: boolean;
  /** Question cards carry an "Answer in text" button (platforms with forms). */
  textAnswerButton?: boolean;
  /** Whether replies in the round's thread can be read right now (Discord without Message Content: no). */
  readsReplies?: () => boolean;
  /** The platform's words on cards ("audio clip" on Slack); Discord's by default. */
  vocabulary?: CardVocabulary;
  /** The platform's wording of the round rules' refusals (src/session/refusals.ts). */
  refusals?: RefusalWording;
  /** Where failures to show something are reported. */
  logger?: Logger;
  /** When transcription fails, try again after these delays (ms) with the audio kept in memory. */
  transcriptionRetryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS = [20_000, 60_000, 180_000] as const;

interface RetryView {
  messageId: MessageRef | undefined;
  who: string;
  platformUserId: string;
  asked: AskedQuestion;
  surface: ChatSurface;
  /** A live answer's lead-in, so a retried transcription still measures the time to first word. */
  sinceQuestionEndSec?: number;
}

export interface AnswerOutcome {
  result?: AnswerResult;
  error?: UserFacingError;
  /** The answer was for `questionId`, which is no longer the current question: nothing was stored or shown. */
  stale?: true;
}

export interface SubmitAnswerArgs {
  sessionId: SessionId;
  identity: PlatformIdentity;
  input: AnswerInput;
  surface: ChatSurface;
  /** The question the answer was given to (voice); when the round has moved on, the answer is dropped. */
  questionId?: number;
}

/**
 * The platform-neutral round: asks questions, turns answers into progress → feedback messages edited in place,
 * and moves on when everyone expected has answered. Decisions about one session are serialised, so a burst of
 * answers cannot skip a question twice.
 */
export class InterviewFlow {
  private readonly locks = new SessionLocks();
  /** Question message id → the question it asked, to recognise clicks on older questions. */
  private readonly questionMessages = new Map<string, QuestionId>();

  /** What happens to rounds, for adapters that follow them (voice). */
  readonly events: TypedEmitter<FlowEvents>;

  constructor(
    private readonly services: FlowServices,
    private readonly hooks: FlowHooks,
  ) {
    this.events = new TypedEmitter<FlowEvents>((error, event) => hooks.logger?.error({ err: error, event }, 'a round event listener failed'));
  }

  private isPrivateDrill(session: SessionRow): boolean {
    return this.hooks.privateDrills === true && session.kind === 'drill';
  }

  /** Posts the current question card; `questionAsked` tells listeners (voice speaks it). */
  async askCurrent(sessionId: SessionId, surface: ChatSurface): Promise<MessageRef> {
    const asked = await this.services.engine.current(sessionId);
    const seatUser = asked.question.seatUserId !== null ? await this.services.repos.identity.getUser(asked.question.seatUserId) : undefined;
    const card = questionCard(asked, {
      drill: this.isPrivateDrill(asked.session),
      howTo: this.hooks.howToAnswer,
      voice: asked.session.mode === 'voice',
      textAnswerButton: this.hooks.textAnswerButton,
      replies: this.hooks.readsReplies?.() ?? true,
      vocabulary: this.hooks.vocabulary,
      seat: seatUser && asked.session.roundMode === 'hot-seat' ? { user: seatUser, mention: surface.mention(seatUser) } : undefined,
    });
    const posted = await surface.post(card);
    const repeat = [...this.questionMessages.values()].includes(asked.question.id);
    this.questionMessages.set(posted.id, asked.question.id);
    this.events.emit('questionAsked', { sessionId, asked, repeat, messageId: posted.id });
    return posted;
  }

  /** Runs one answer through the pipeline, showing progress in one edited message. Never throws. */
  submitAnswer(args: SubmitAnswerArgs): Promise<AnswerOutcome> {
    const work = this.processAnswer(args);
    return this.services.inFlight?.track(work) ?? work;
  }

  private async processAnswer(args: SubmitAnswerArgs): Promise<AnswerOutcome> {
    const { engine, answers } = this.services;
    const { surface } = args;
    let user: UserRow;
    let asked: AskedQuestion;
    try {
      ({ user, asked } = await engine.requireAnswerer(args.sessionId, args.identity, this.hooks.refusals));
      if (args.questionId !== undefined && asked.question.id !== args.questionId) return { stale: true };
      if (args.input.kind === 'text') answers.validateText(args.input.text);
    } catch (error) {
      return { error: await this.showError(surface, error, undefined, { sessionId: args.sessionId }) };
    }
    const who = surface.mention(user);
    // The answer must not depend on the platform accepting the progress message.
    const messageId = await surface.post(progressCard(who, { stage: 'received' })).catch((error: unknown) => {
      this.hooks.logger?.warn({ err: error }, 'could not post the progress message');
      return undefined;
    });
    let result: AnswerResult;
    try {
      result = await answers.submit({
        sessionId: args.sessionId,
        questionId: asked.question.id,
        userId: user.id,
        input: args.input,
        reply: messageId,
        onProgress: async (progress) => {
          if (messageId && progress.stage !== 'done') await surface.edit(messageId, progressCard(who, progress)).catch(() => undefined);
        },
      });
    } catch (error) {
      // A failed attempt (no speech, no transcriber) does not count: the person can answer again, e.g. by text.
      const kept = await this.services.repos.answers.findForQuestion(asked.question.id, user.id);
      const shown = await this.showError(surface, error, messageId, { sessionId: args.sessionId, answerId: kept?.id });
      if (shown.code === 'transcriber_failed' && args.input.kind === 'audio') {
        if (kept?.status === 'received') {
          const view = { messageId, who, platformUserId: user.platformUserId, asked, surface, sinceQuestionEndSec: args.input.sinceQuestionEndSec };
          this.retryLater(kept.id, args.input.audio, view, 0);
        }
      }
      return { error: shown };
    }
    this.events.emit('answerRecorded', { sessionId: args.sessionId, questionId: asked.question.id, platformUserId: user.platformUserId, result });
    // The answer is stored and scored: showing it may fail, moving the round on must not.
    await this.show(surface, messageId, await this.feedback(result, who, asked));
    await this.advanceIfComplete(args.sessionId, asked.question.id, surface);
    return { result };
  }

  /** The feedback card; in a group round it carries the other participants' rating controls. */
  private async feedback(result: AnswerResult, who: string, asked: AskedQuestion): Promise<Card> {
    const card = feedbackCard(result, { who, number: asked.number, total: asked.total, question: asked.question, drill: this.isPrivateDrill(asked.session) });
    return withGroupRatings(card, asked.session, result.answer.id, this.services.engine);
  }

  /** Edits the answer's message into `card`, or posts it when there is no message or the edit fails. */
  private async show(surface: ChatSurface, messageId: MessageRef | undefined, card: Card): Promise<void> {
    try {
      if (messageId) {
        await surface.edit(messageId, card);
        return;
      }
    } catch (error) {
      this.hooks.logger?.warn({ err: error }, 'could not edit the answer message; posting instead');
    }
    await surface.post(card).catch((error: unknown) => this.hooks.logger?.error({ err: error }, 'could not show feedback'));
  }

  /** Retries a kept voice answer's transcription in the background; the answer's message shows the outcome. */
  private retryLater(answerId: AnswerId, audio: AnswerAudio, view: RetryView, attempt: number): void {
    const delays = this.hooks.transcriptionRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const delay = delays[attempt];
    if (delay === undefined) {
      const givenUp = this.services.answers
        .abandonUntranscribed(answerId, 'transcriber_failed')
        .catch((error: unknown) => this.hooks.logger?.error({ err: error, answerId }, 'could not mark the answer failed'))
        .then(() => this.show(view.surface, view.messageId, errorCard("I still couldn't transcribe that answer. Please send it again, or reply with text.")));
      void this.services.inFlight?.track(givenUp);
      void givenUp;
      return;
    }
    const timer = setTimeout(() => {
      const retry = this.services.answers
        .retryTranscription(answerId, audio, undefined, view.sinceQuestionEndSec)
        .then(async (result) => {
          if (!result) return;
          const { asked } = view;
          this.events.emit('answerRecorded', { sessionId: asked.session.id, questionId: asked.question.id, platformUserId: view.platformUserId, result });
          await this.show(view.surface, view.messageId, await this.feedback(result, view.who, asked));
          await this.advanceIfComplete(asked.session.id, asked.question.id, view.surface);
        })
        .catch((error: unknown) => {
          if (isTranscriptionFailed(error)) this.retryLater(answerId, audio, view, attempt + 1);
          else void this.showError(view.surface, error, view.messageId, { sessionId: view.asked.session.id, answerId });
        });
      void this.services.inFlight?.track(retry);
    }, delay);
    timer.unref();
  }

  /**
   * Skip / end / repeat from buttons or commands. `fromMessageId` is the question message a button was on: a click
   * on a question that is no longer current does nothing, so a double click cannot skip two questions.
   */
  async control(sessionId: SessionId, action: 'repeat' | 'skip' | 'end', surface: ChatSurface, fromMessageId?: string): Promise<void> {
    await this.locks.run(sessionId, async () => {
      const { engine } = this.services;
      const session = await engine.get(sessionId);
      if (session.status === 'ended' || session.status === 'abandoned') return;
      const clickedQuestion = fromMessageId ? this.questionMessages.get(fromMessageId) : undefined;
      if (clickedQuestion !== undefined && session.status === 'active' && clickedQuestion !== (await engine.current(sessionId)).question.id) return;
      if (action === 'repeat') {
        await this.askCurrent(sessionId, surface);
        return;
      }
      if (action === 'end') {
        await this.endNow(sessionId, 'ended', surface);
        return;
      }
      const questionId = (await engine.current(sessionId)).question.id;
      await this.step(await engine.advance(sessionId, 'skip'), questionId, 'skipped', surface);
    });
  }

  /**
   * Ends the round where it stands (`abandoned`: nothing worth a summary, e.g. the terminal's input ended before
   * any answer). No-op on a round that is already over.
   */
  async end(sessionId: SessionId, surface: ChatSurface, status: 'ended' | 'abandoned' = 'ended'): Promise<void> {
    await this.locks.run(sessionId, async () => {
      const session = await this.services.engine.get(sessionId);
      if (session.status === 'ended' || session.status === 'abandoned') return;
      await this.endNow(sessionId, status, surface);
    });
  }

  private async endNow(sessionId: SessionId, status: 'ended' | 'abandoned', surface: ChatSurface): Promise<void> {
    const { engine } = this.services;
    const questionId = (await engine.get(sessionId)).status === 'active' ? (await engine.current(sessionId)).question.id : null;
    const session = await engine.end(sessionId, status);
    if (questionId !== null) this.events.emit('questionClosed', { sessionId, questionId, how: 'ended' });
    await this.finish(session, surface);
  }

  /** Lobby → first question. */
  async begin(sessionId: SessionId, surface: ChatSurface): Promise<void> {
    await this.locks.run(sessionId, async () => {
      const session = await this.services.engine.get(sessionId);
      if (session.status !== 'lobby') return;
      await this.services.engine.begin(sessionId);
      await this.askCurrent(sessionId, surface);
    });
  }

  /**
   * After a restart: the round continues from the question it was on. When everyone expected has already answered
   * it (an answer interrupted by the restart was scored meanwhile), it moves on exactly as that answer would have;
   * asking the answered question again would leave the round waiting for answers nobody can give.
   */
  async resume(sessionId: SessionId, surface: ChatSurface): Promise<void> {
    if ((await this.services.engine.get(sessionId)).status === 'lobby') {
      await this.begin(sessionId, surface);
      return;
    }
    await this.locks.run(sessionId, async () => {
      const { engine } = this.services;
      if ((await engine.get(sessionId)).status !== 'active') return;
      const questionId = (await engine.current(sessionId)).question.id;
      if (await engine.allAnswered(sessionId)) await this.step(await engine.advance(sessionId, 'next'), questionId, 'answered', surface);
      else await this.askCurrent(sessionId, surface);
    });
  }

  /**
   * Moves to the next question when everyone still expected has answered this one, e.g. after someone left.
   * Serialised with answers, so a text answer landing at the same moment cannot advance twice.
   */
  async advanceIfComplete(sessionId: SessionId, questionId: QuestionId, surface: ChatSurface): Promise<void> {
    await this.locks.run(sessionId, async () => {
      const { engine } = this.services;
      const session = await engine.get(sessionId);
      if (session.status !== 'active') return;
      // Someone may have skipped ahead while this answer was being scored.
      if ((await engine.current(sessionId)).question.id !== questionId || !(await engine.allAnswered(sessionId))) return;
      // With follow-ups on, the answer's follow-up goes in right after it, so moving on asks it next.
      await engine.addFollowUp(sessionId, this.services.followUps ? followUpFor(this.services.followUps) : offlineFollowUpFor).catch((error: unknown) => {
        this.hooks.logger?.warn({ err: error, sessionId }, 'could not add a follow-up question');
      });
      await this.step(await engine.advance(sessionId, 'next'), questionId, 'answered', surface);
    });
  }

  private async step(result: AdvanceResult, closed: QuestionId, how: 'answered' | 'skipped', surface: ChatSurface): Promise<void> {
    this.events.emit('questionClosed', { sessionId: result.kind === 'ended' ? result.session.id : result.asked.session.id, questionId: closed, how });
    if (result.kind === 'ended') await this.finish(result.session, surface);
    else await this.askCurrent(result.asked.session.id, surface);
  }

  private async finish(session: SessionRow, surface: ChatSurface): Promise<void> {
    const questionIds = new Set((await this.services.repos.sessions.questions(session.id)).map((q) => q.id));
    for (const [messageId, questionId] of this.questionMessages) if (questionIds.has(questionId)) this.questionMessages.delete(messageId);
    try {
      // A private drill's feedback card is its send-off; an abandoned round has nothing to sum up.
      if (this.hooks.summaryCard && !this.isPrivateDrill(session) && session.status === 'ended') await surface.post(await this.hooks.summaryCard(session));
    } finally {
      // After the summary, so whoever follows the round (voice leaving the channel) acts once it is shown.
      this.events.emit('roundEnded', { sessionId: session.id, session });
    }
    await this.hooks.onEnded?.(session);
  }

  /** Shows what went wrong through the one mapping; an unexpected error is logged there once, with these ids. */
  private async showError(surface: ChatSurface, error: unknown, messageId?: MessageRef, ids: { sessionId?: SessionId; answerId?: AnswerId } = {}): Promise<UserFacingError> {
    const shown = toUserError(error, { logger: this.hooks.logger, context: { where: 'answer', ...ids } });
    const card = errorCard(shown.message);
    if (messageId) await surface.edit(messageId, card).catch(() => undefined);
    else await surface.post(card).catch(() => undefined);
    return shown;
  }
}
