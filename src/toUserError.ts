import { isUserFacingError, UserFacingError, type UserErrorCode } from './errors.js';
import { TRANSCRIBER_FAILED_MESSAGE } from './pipeline/providers/transcriberFailed.js';
import { isTranscriptionFailed, SpeechModelNotReady, type TranscriptionFailed } from './pipeline/transcribe/TranscriptionFailed.js';
import type { Logger } from './logger.js';
import type { AnswerId, SessionId } from './ids.js';

export const INTERNAL_MESSAGE = 'Something went wrong on my side. Please try again in a moment.';
/** With an answer id the row exists: the person's work is kept even though this attempt failed. */
export const INTERNAL_ANSWER_MESSAGE = 'Something went wrong while scoring that answer. It is saved; please try again in a moment.';

/** What was going on when something failed; logged with an unexpected error so one line tells the story. */
export interface ErrorContext {
  /** The handler or step, e.g. `interaction`, `text answer`, `answer`. */
  where?: string;
  sessionId?: SessionId;
  answerId?: AnswerId;
  /** The platform's id for the event (interaction id, Slack trigger), when there is one. */
  eventId?: string;
}

/**
 * A platform's own failures in user terms (missing permissions, rate limits); undefined for anything else.
 * Each adapter supplies one: it knows its SDK's errors, the core knows the rest.
 */
export type PlatformErrorTranslator = (error: unknown) => UserFacingError | undefined;

/** A surface's own sentence for a code whose default promises something it cannot keep (the CLI saves nothing). */
export type ErrorWording = Partial<Record<UserErrorCode, string>>;

export interface ToUserErrorOptions {
  /** Replaces the default sentence for these codes (only for failures this mapping words itself). */
  wording?: ErrorWording;
  /** Where an unexpected error is logged (once, here, with the context's ids). */
  logger?: Logger;
  context?: ErrorContext;
  platform?: PlatformErrorTranslator;
}

/**
 * The one mapping from anything thrown to what a person is shown: our own errors as they are, the platform's by
 * meaning, and everything else as `internal`, logged here with the session and answer ids. Adapters only render
 * the result's message; none of them decides wording for an unknown failure or logs it again.
 */
export function toUserError(error: unknown, options: ToUserErrorOptions = {}): UserFacingError {
  if (isUserFacingError(error)) return error;
  if (isTranscriptionFailed(error)) return new UserFacingError('transcriber_failed', options.wording?.transcriber_failed ?? transcriptionMessage(error), { cause: error });
  const translated = options.platform?.(error);
  if (translated) return translated;
  const context = options.context ?? {};
  options.logger?.error({ err: error, ...context }, 'unexpected error');
  return new UserFacingError('internal', options.wording?.internal ?? (context.answerId === undefined ? INTERNAL_MESSAGE : INTERNAL_ANSWER_MESSAGE), { cause: error });
}

/** The answer row is kept and retried either way; a local model that is not ready says why, in one line. */
function transcriptionMessage(error: TranscriptionFailed): string {
  const cause = error.cause;
  if (cause instanceof SpeechModelNotReady) return `Speech recognition isn't ready: ${cause.reason} Your answer is saved and I'll try again; text answers work now.`;
  return TRANSCRIBER_FAILED_MESSAGE;
}
