import type { Repositories } from '../db/index.js';
import type { AnswerError, AnswerRow } from '../db/schema.js';
import { UserFacingError } from '../errors.js';
import type { AnswerId } from '../ids.js';
import type { AnswerHandOff } from './answerHandOff.js';
import { NO_SPEECH_MESSAGE, NO_TRANSCRIBER_MESSAGE } from './answerMessages.js';
import type { AnswerResult } from './answerTypes.js';
import { storedAnswerResult } from './storedAnswerResult.js';

/** Shows owed answers of one platform (registered by its adapter). */
export interface OwedFeedbackHandler {
  /** Whether this handler's platform (and, for a shard, its servers) has the answer's round. */
  accepts(answer: AnswerRow): Promise<boolean>;
  show(outcome: OwedOutcome): Promise<void>;
}

/** What an answer owed to this process came to, once its work is over: the result to show, or why it failed. */
export type OwedOutcome = { answerId: AnswerId; result: AnswerResult } | { answerId: AnswerId; error: UserFacingError };

/**
 * ANSWER_QUEUE=pg-boss, in the process that stored answers: waits for the results of the answers someone here is
 * waiting on, and hands the outcome of the others (stored before a restart) to the platform that shows them. Results
 * are heard through the hand-off's listener (pg_notify) and caught up on when it (re)connects.
 */
export class HandOffResults {
  /** Answers this process stored and waits on: a re-check of each, by id. */
  private readonly waiting = new Map<AnswerId, () => void>();
  private readonly owedHandlers: OwedFeedbackHandler[] = [];

  constructor(
    private readonly handOff: AnswerHandOff,
    private readonly repos: Pick<Repositories, 'answers' | 'answerQueue'>,
  ) {
    handOff.results.on('done', (answerId) => {
      const recheck = this.waiting.get(answerId);
      if (recheck) recheck();
      else void this.deliverOwed(answerId);
    });
    handOff.results.on('connected', () => {
      for (const recheck of this.waiting.values()) recheck();
      void this.catchUpOwed();
    });
  }

  /**
   * Hand-off: who shows an owed answer's outcome when nobody in this process waits for it any more (it was stored
   * before a restart). Registering catches up at once on what landed meanwhile.
   */
  onOwedFeedback(handler: OwedFeedbackHandler): Promise<void> {
    this.owedHandlers.push(handler);
    return this.catchUpOwed();
  }

  /** Every owed answer of this process whose work is over and that nobody here waits on: taken and shown once. */
  async catchUpOwed(): Promise<void> {
    if (this.owedHandlers.length === 0) return;
    for (const answerId of await this.repos.answerQueue.owedAndDone(this.handOff.owner)) {
      if (!this.waiting.has(answerId)) await this.deliverOwed(answerId);
    }
  }

  private async deliverOwed(answerId: AnswerId): Promise<void> {
    try {
      const answer = await this.repos.answers.get(answerId);
      let handler: OwedFeedbackHandler | undefined;
      for (const candidate of this.owedHandlers) if (!handler && answer && (await candidate.accepts(answer))) handler = candidate;
      if (!handler) return;
      const outcome = await this.takeOutcome(answerId);
      if (outcome) await handler.show(outcome);
    } catch (error) {
      this.handOff.logger?.warn({ err: error, answerId }, 'could not show an owed answer');
    }
  }

  /** The owed outcome of a finished answer, taken (only one caller gets it); undefined when not owed here or not over. */
  private async takeOutcome(answerId: AnswerId): Promise<OwedOutcome | undefined> {
    const record = await this.repos.answers.record(answerId);
    const status = record?.answer.status;
    if (status !== 'scored' && status !== 'failed') return undefined;
    if (!(await this.repos.answerQueue.takeOwed(answerId, this.handOff.owner))) return undefined;
    if (status === 'failed') return { answerId, error: failedAnswerError(record?.answer.error ?? null) };
    const result = record && storedAnswerResult(record);
    if (!result) throw new Error(`answer ${answerId} is scored but its evaluation is missing`);
    return { answerId, result };
  }

  /** Hand-off: waits until the answer's work is over (a worker's commit, heard or caught up on), then takes its outcome. */
  async awaitResult(answerId: AnswerId): Promise<AnswerResult> {
    await new Promise<void>((resolve, reject) => {
      let checking = false;
      let again = false;
      const recheck = () => {
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        void this.repos.answers
          .get(answerId)
          .then((answer) => {
            if (!answer || answer.status === 'scored' || answer.status === 'failed') {
              this.waiting.delete(answerId);
              resolve();
            }
          }, (error: unknown) => {
            this.waiting.delete(answerId);
            reject(error instanceof Error ? error : new Error(String(error)));
          })
          .finally(() => {
            checking = false;
            if (again && this.waiting.has(answerId)) {
              again = false;
              recheck();
            }
          });
      };
      this.waiting.set(answerId, recheck);
      // A result that landed before this process was listening for it.
      recheck();
    });
    const outcome = await this.takeOutcome(answerId);
    if (!outcome) throw new UserFacingError('no_session', 'That answer no longer exists.');
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  }
}

/** What a person is told when their answer's work ended failed on another process. */
function failedAnswerError(error: AnswerError | null): UserFacingError {
  if (error === 'no_speech') return new UserFacingError('no_speech', NO_SPEECH_MESSAGE);
  if (error === 'no_transcriber') return new UserFacingError('no_transcriber', NO_TRANSCRIBER_MESSAGE);
  if (error === 'transcriber_failed') return new UserFacingError('work_failed', "I still couldn't transcribe that answer. Please send it again, or reply with text.");
  return new UserFacingError('work_failed', "I couldn't score that answer — something kept failing on my side. Please send it again.");
}
