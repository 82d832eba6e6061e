import { trimRange } from './encodeWav.js';
import type { AnswerAudio } from './types.js';

/**
 * Word timestamps moved from the trimmed WAV the transcriber was sent (`encodeWav(audio, { trim: true })`, which
 * drops leading silence) onto the answer's own timeline, where the VAD spans and the samples are.
 */
export function wordsOnAnswerTimeline<W extends { start: number; end: number }>(words: readonly W[], audio: AnswerAudio): W[] {
  const offset = trimRange(audio).start / audio.sampleRate;
  return offset === 0 ? [...words] : words.map((w) => ({ ...w, start: w.start + offset, end: w.end + offset }));
}
