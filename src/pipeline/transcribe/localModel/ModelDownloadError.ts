import { CodedError } from '../../../errors.js';

export type ModelDownloadFailure =
  /** No connection: DNS, refused, reset before any byte. */
  | 'offline'
  /** The server answered with an error status. */
  | 'http'
  /** Nothing arrived for the stall timeout. */
  | 'stalled'
  /** The connection dropped mid-transfer (the .part is kept for a resume). */
  | 'interrupted'
  /** Size or sha256 differ from the manifest (the .part was deleted). */
  | 'checksum'
  /** Writing the file failed (disk full, permissions). */
  | 'disk'
  /** WHISPER_MODEL_DOWNLOAD=false and the file is missing. */
  | 'disabled'
  | 'aborted';

/** A failed model download; `code` says how. The message names a host, never a full URL. */
export class ModelDownloadError extends CodedError<ModelDownloadFailure> {
  override readonly name = 'ModelDownloadError';
}

export function isModelDownloadError(error: unknown): error is ModelDownloadError {
  return error instanceof ModelDownloadError;
}
