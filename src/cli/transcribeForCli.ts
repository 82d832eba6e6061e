import { isUserFacingError, UserFacingError } from '../errors.js';
import type { Transcript } from '../pipeline/transcribe/types.js';

/**
 * The CLI's own wording for a failed transcription: the bot's message promises that the answer is saved and
 * feedback will follow, which is not true in a terminal. The provider's error stays in `cause` (it may quote a key).
 */
export async function transcribeForCli(transcribe: () => Promise<Transcript>): Promise<Transcript> {
  try {
    return await transcribe();
  } catch (error) {
    if (isUserFacingError(error) && error.code !== 'transcriber_failed') throw error;
    throw new UserFacingError(
      'transcriber_failed',
      'Transcription failed: the transcriber did not answer. Nothing was saved — check it with `interview-coach doctor`, then run the command again.',
      { cause: error },
    );
  }
}
