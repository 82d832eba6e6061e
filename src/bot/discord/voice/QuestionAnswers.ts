import type { EndReason } from '../../../pipeline/audio/types.js';
import type { ParticipantCapture } from './ParticipantCapture.js';
import type { Releasable } from './voiceRoundState.js';
import type { Held, VoiceResources } from './voiceResources.js';

/** A spoken answer taken off its capture when voice went away: what was said is still an answer. */
export interface HarvestedAnswer {
  capture: ParticipantCapture;
  reason: EndReason;
  result: NonNullable<ReturnType<ParticipantCapture['finish']>>;
}

/**
 * The answers to one question being recorded, and the silence clock that ends them (running answers check their
 * silence window and cap on it while no packets arrive). Held by the Speaking and Listening states of that
 * question; released, it drops every answer still running for the question and stops the clock. A repeat of the
 * question hands the answers with speech in them to a new set, so only the silent ones start again.
 */
export class QuestionAnswers implements Releasable {
  readonly questionId: number;
  /** Users whose answer to this question has ended (submitted or being submitted), by any means. */
  readonly done: Set<string>;
  readonly #recording = new Set<ParticipantCapture>();
  readonly #resources: VoiceResources;
  readonly #pollIntervalMs: number;
  #clock: Held | null = null;
  #released = false;

  constructor(resources: VoiceResources, pollIntervalMs: number, questionId: number, done = new Set<string>()) {
    this.#resources = resources;
    this.#pollIntervalMs = pollIntervalMs;
    this.questionId = questionId;
    this.done = done;
  }

  /** Starts recording this person's answer to the question (one running for another question is dropped). */
  record(capture: ParticipantCapture): void {
    if (this.#released) throw new Error(`answers to question ${this.questionId} used after release`);
    capture.begin(this.questionId);
    this.#adopt(capture);
  }

  /** For a repeat of the question: a new set takes the answers with speech in them; the rest stay here to be dropped. */
  forRepeat(): QuestionAnswers {
    const next = new QuestionAnswers(this.#resources, this.#pollIntervalMs, this.questionId, this.done);
    for (const capture of this.#recording) {
      if (!this.#isRunning(capture) || capture.packets === 0) continue;
      this.#recording.delete(capture);
      next.#adopt(capture);
    }
    return next;
  }

  /** Voice is going away: answers with speech in them end now and are returned finished; the rest are dropped. */
  harvest(): HarvestedAnswer[] {
    const harvested: HarvestedAnswer[] = [];
    for (const capture of this.#recording) {
      if (!this.#isRunning(capture) || capture.packets === 0) continue;
      if (!capture.ended) capture.stop();
      const reason = capture.ended ?? 'stopped';
      const result = capture.finish();
      if (result) harvested.push({ capture, reason, result });
    }
    this.release();
    return harvested;
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#clock?.release();
    this.#clock = null;
    for (const capture of this.#recording) if (this.#isRunning(capture)) capture.cancel();
    this.#recording.clear();
  }

  #adopt(capture: ParticipantCapture): void {
    this.#recording.add(capture);
    this.#clock ??= this.#resources.interval(this.#pollIntervalMs, () => {
      for (const running of this.#recording) {
        if (running.closed) this.#recording.delete(running);
        else running.poll();
      }
    });
  }

  /** Still recording (or ended and not yet handed over) an answer to this question. */
  #isRunning(capture: ParticipantCapture): boolean {
    return !capture.closed && capture.questionId === this.questionId;
  }
}
