import { UserFacingError } from '../../errors.js';

export const TRANSCRIBER_FAILED_MESSAGE =
  "Transcription is slow right now; your answer is saved and I'll post feedback as soon as it's ready.";

/** No transcriber stands in for another, so its failure reaches the user; the provider's error stays in `cause`. */
export function transcriberFailed(cause: unknown): UserFacingError {
  return new UserFacingError('transcriber_failed', TRANSCRIBER_FAILED_MESSAGE, { cause });
}
