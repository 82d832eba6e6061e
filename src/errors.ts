/** Stable identifiers for errors a user may see; adapters render their message, tests assert on them. */
export type UserErrorCode =
  // Input: what someone typed, picked or uploaded.
  | 'unknown_role'
  | 'unknown_difficulty'
  | 'bad_question_count'
  | 'bad_usage'
  | 'file_unreadable'
  | 'empty_answer'
  | 'answer_too_long'
  | 'audio_too_long'
  | 'audio_too_large'
  | 'audio_unreadable'
  | 'audio_unsupported'
  | 'no_speech'
  // The round: where it is and whose turn.
  | 'session_running'
  | 'no_session'
  | 'not_participant'
  | 'session_ended'
  | 'round_not_started'
  | 'not_your_turn'
  | 'already_answered'
  | 'stale_question'
  | 'unknown_action'
  | 'not_host'
  | 'own_answer'
  | 'bad_rating'
  | 'answer_gone'
  | 'wrong_channel'
  | 'guild_only'
  | 'no_practice'
  // Voice and transcription.
  | 'not_in_voice_channel'
  | 'voice_unavailable'
  | 'ffmpeg_missing'
  | 'no_transcriber'
  | 'transcriber_failed'
  /** An answer's queued work failed on every try (ANSWER_QUEUE=pg-boss); the person is asked to send it again. */
  | 'work_failed'
  | 'nothing_to_download'
  | 'replay_expired'
  | 'not_your_replay'
  // The platform and the operator.
  | 'missing_permissions'
  | 'rate_limited'
  | 'cooldown'
  | 'quota_exceeded'
  | 'forbidden'
  | 'config_invalid'
  /** Anything we did not expect: logged once with its ids, shown as a generic apology. */
  | 'internal';

/** An error whose message is one line fit to show a user as it is, with a stable code for code and tests to act on. */
export abstract class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An error whose message is fit to show a user as it is. */
export class UserFacingError extends CodedError<UserErrorCode> {
  override readonly name = 'UserFacingError';
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}
