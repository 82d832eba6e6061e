import { errorCard, type Card } from '../../commands/card.js';
import { UserFacingError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { INTERNAL_MESSAGE, toUserError } from '../../toUserError.js';

export const FRIENDLY_FAILURE = INTERNAL_MESSAGE;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The Slack error code of a failed Web API call (`not_in_channel`, `missing_scope`…), read by shape. */
export function slackApiError(error: unknown): { error: string; needed?: string } | undefined {
  if (!isRecord(error) || error.code !== 'slack_webapi_platform_error' || !isRecord(error.data)) return undefined;
  const { data } = error;
  if (typeof data.error !== 'string') return undefined;
  return typeof data.needed === 'string' ? { error: data.error, needed: data.needed } : { error: data.error };
}

/** Slack's own failures by meaning; everything else is left to the core mapping. */
export function slackErrors(error: unknown): UserFacingError | undefined {
  if (isRecord(error) && error.code === 'slack_webapi_rate_limited_error') {
    return new UserFacingError('rate_limited', 'Slack is rate-limiting me right now. Please try again in a minute.', { cause: error });
  }
  const api = slackApiError(error);
  if (api === undefined) return undefined;
  switch (api.error) {
    case 'not_in_channel':
    case 'channel_not_found':
      return new UserFacingError(
        'missing_permissions',
        "I'm not in this channel. Invite me with `/invite @Interview Coach` and try again, or talk to me in a DM.",
        { cause: error },
      );
    case 'is_archived':
      return new UserFacingError('missing_permissions', 'This channel is archived, so I cannot post here.', { cause: error });
    case 'missing_scope':
      return new UserFacingError(
        'missing_permissions',
        `This Slack app is missing the \`${api.needed ?? 'required'}\` scope. An admin can add it under *OAuth & Permissions* and reinstall the app.`,
        { cause: error },
      );
    default:
      return undefined;
  }
}

export type ShowError = (card: Card) => Promise<unknown>;

/**
 * The one place where handler errors end up: the core mapping decides what is shown (and logs the unexpected), so
 * no stack trace, internal id or token ever reaches Slack.
 */
export async function reportFailure(error: unknown, logger: Logger, where: string, show: ShowError): Promise<void> {
  const shown = toUserError(error, { logger, context: { where }, platform: slackErrors });
  if (shown.code !== 'internal') logger.debug({ code: shown.code, where }, 'user-facing error');
  try {
    await show(errorCard(shown.message));
  } catch (showError) {
    logger.warn({ err: showError, where }, 'could not tell the user about an error');
  }
}

/** Runs a handler's slow part, sending whatever it throws to `reportFailure`. */
export async function guard(logger: Logger, where: string, show: ShowError, task: () => Promise<void>): Promise<void> {
  try {
    await task();
  } catch (error) {
    await reportFailure(error, logger, where, show);
  }
}
