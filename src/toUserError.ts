import { isUserFacingError, UserFacingError } from './errors.js';
import type { Logger } from './logger.js';

export const INTERNAL_MESSAGE = 'Something went wrong on my side. Please try again in a moment.';
/** With an answer id the row exists: the person's work is kept even though this attempt failed. */
export const INTERNAL_ANSWER_MESSAGE = 'Something went wrong while scoring that answer. It is saved; please try again in a moment.';

/** What was going on when something failed; logged with an unexpected error so one line tells the story. */
export interface ErrorContext {
  /** The handler or step, e.g. `interaction`, `text answer`, `answer`. */
  where?: string;
  sessionId?: string;
  answerId?: number;
  /** The platform's id for the event (interaction id, Slack trigger), when there is one. */
  eventId?: string;
}

/**
 * A platform's own failures in user terms (missing permissions, rate limits); undefined for anything else.
 * Each adapter supplies one: it knows its SDK's errors, the core knows the rest.
 */
export type PlatformErrorTranslator = (error: unknown) => UserFacingError | undefined;

export interface ToUserErrorOptions {
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
  const translated = options.platform?.(error);
  if (translated) return translated;
  const context = options.context ?? {};
  options.logger?.error({ err: error, ...context }, 'unexpected error');
  return new UserFacingError('internal', context.answerId === undefined ? INTERNAL_MESSAGE : INTERNAL_ANSWER_MESSAGE, { cause: error });
}
