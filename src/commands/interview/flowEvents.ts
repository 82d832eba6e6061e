import type { SessionRow } from '../../db/schema.js';
import type { AnswerResult } from '../../session/answerTypes.js';
import type { AskedQuestion } from '../../session/types.js';
import type { QuestionId, SessionId } from '../../ids.js';

/**
 * What the interview flow tells the rest of the bot about a round, as it happens. Adapters that keep their own
 * state beside the round (voice: who is being recorded for which question) follow these instead of re-reading
 * the database.
 */
export interface FlowEvents {
  /** A question card was posted: the first time, after a skip or answer, or again (`repeat`, or after a restart). */
  questionAsked: { sessionId: SessionId; asked: AskedQuestion; repeat: boolean; messageId: string };
  /** An answer was stored and scored (typed, voice message, spoken, or a kept answer transcribed on retry). */
  answerRecorded: { sessionId: SessionId; questionId: QuestionId; platformUserId: string; result: AnswerResult };
  /** No more answers are taken for this question: everyone answered, it was skipped, or the round ended on it. */
  questionClosed: { sessionId: SessionId; questionId: QuestionId; how: 'answered' | 'skipped' | 'ended' };
  /** The round is over; `session` is its final row (ended, or abandoned). */
  roundEnded: { sessionId: SessionId; session: SessionRow };
}
