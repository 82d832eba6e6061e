import type { TimeSpan } from '../audio/types.js';
import type { TranscriptWord } from '../transcribe/types.js';

/**
 * The band a time to first word is compared with. A guideline, not a measured norm: interview coaches commonly
 * advise a brief pause to collect your thoughts before answering (a second or two reads as composed), while a
 * silence much past a few seconds tends to read as being stuck. No study we know of sets these exact numbers.
 */
export const FIRST_WORD_GUIDE = { min: 1, max: 4 } as const;

export type FirstWordBand = 'quick' | 'good' | 'long';

/**
 * Seconds from the end of the question to the first word of a live answer: the silence before the recording
 * began (`sinceQuestionEndSec`) plus where the first word falls in it. The first transcribed word is used, a
 * filler included ("um" still breaks the silence); without word timestamps, the first speech the VAD found.
 * Null when the lead-in is unknown (not a live answer) or nothing was said.
 */
export function timeToFirstWord(sinceQuestionEndSec: number | undefined, words: readonly TranscriptWord[], speech: readonly TimeSpan[]): number | null {
  if (sinceQuestionEndSec === undefined || !Number.isFinite(sinceQuestionEndSec)) return null;
  const inRecording = words[0]?.start ?? speech[0]?.start;
  if (inRecording === undefined) return null;
  return Math.round((Math.max(0, sinceQuestionEndSec) + Math.max(0, inRecording)) * 100) / 100;
}

export function firstWordBand(sec: number): FirstWordBand {
  if (sec < FIRST_WORD_GUIDE.min) return 'quick';
  return sec > FIRST_WORD_GUIDE.max ? 'long' : 'good';
}
