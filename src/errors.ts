/** Stable identifiers for errors a user may see; adapters map them to text, tests assert on them. */
export type UserErrorCode =
  | 'unknown_role'
  | 'bad_option'
  | 'empty_answer'
  | 'answer_too_long'
  | 'audio_too_long'
  | 'audio_too_large'
  | 'audio_unreadable'
  | 'audio_unsupported'
  | 'no_speech'
  | 'ffmpeg_missing'
  | 'no_transcriber'
  | 'transcriber_failed'
  | 'session_running'
  | 'no_session'
  | 'not_participant'
  | 'session_ended'
  | 'not_host'
  | 'round_not_started'
  | 'not_your_turn'
  | 'guild_only'
  | 'missing_permissions'
  | 'rate_limited'
  | 'cooldown'
  | 'quota_exceeded'
  | 'forbidden'
  | 'config_invalid';

/** An error whose message is fit to show a user as it is. */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
  constructor(
    readonly code: UserErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}
