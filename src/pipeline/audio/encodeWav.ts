import type { AnswerAudio } from './types.js';
import { wavChunks, wavUpload, type EncodeWavOptions } from './wavUpload.js';

export { trimRange, TRIM_MARGIN_SEC, type EncodeWavOptions } from './wavUpload.js';

/**
 * 16-bit mono PCM WAV of the answer as one buffer (a file to keep, a test fixture). To send audio, use `wavUpload`,
 * which does not copy the samples. No speech and `trim` → no samples.
 */
export function encodeWav(audio: AnswerAudio, options: EncodeWavOptions = {}): Buffer {
  const upload = wavUpload(audio, options);
  const out = Buffer.allocUnsafe(upload.byteLength);
  let at = 0;
  for (const chunk of wavChunks(upload)) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
