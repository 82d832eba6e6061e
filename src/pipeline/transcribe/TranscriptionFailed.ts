import { CodedError } from '../../errors.js';
import { ProviderError } from '../providers/ProviderError.js';

/**
 * The transcription step of an answer failed (the transcriber threw something other than a user-facing error). Not
 * a message for anyone: `toUserError` decides what the person is told, and the provider's error stays in `cause`.
 */
export class TranscriptionFailed extends CodedError<'transcriber_failed'> {
  override readonly name = 'TranscriptionFailed';

  constructor(
    readonly transcriber: string,
    cause: unknown,
  ) {
    super('transcriber_failed', `${transcriber}: transcription failed`, { cause });
  }
}

export function isTranscriptionFailed(error: unknown): error is TranscriptionFailed {
  return error instanceof TranscriptionFailed;
}

/** A local speech model that could not be made ready (download failed, file missing); `reason` is one line for people. */
export class SpeechModelNotReady extends ProviderError {
  constructor(
    provider: string,
    readonly reason: string,
    cause: unknown,
  ) {
    super(provider, 'unavailable', 'the speech model is not ready', { cause });
  }
}
