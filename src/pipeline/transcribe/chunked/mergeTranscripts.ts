import type { Transcript, TranscriptSegment, TranscriptWord } from '../types.js';

/** One chunk's transcript and where its audio started in the answer. */
export interface TranscriptPart {
  offsetSec: number;
  /** End of the chunk in the answer: its words cannot lie past it. */
  endSec: number;
  transcript: Transcript;
}

/**
 * The chunks' transcripts as one, in answer time: words and segments shifted by their chunk's offset and kept
 * inside their chunk (a transcriber's timestamps can overshoot the audio it was given by a few tens of ms), texts
 * joined in order. Chunks never overlap, so nothing is counted twice.
 */
export function mergeTranscripts(parts: readonly TranscriptPart[], durationSec: number, transcriber: string): Transcript {
  const words: TranscriptWord[] = [];
  const segments: TranscriptSegment[] = [];
  const texts: string[] = [];
  let language: string | null = null;
  for (const part of [...parts].sort((a, b) => a.offsetSec - b.offsetSec)) {
    const { transcript, offsetSec, endSec } = part;
    const text = transcript.text.trim();
    if (text !== '') texts.push(text);
    language ??= transcript.language;
    const floor = words.at(-1)?.end ?? 0;
    for (const w of transcript.words) {
      const start = clamp(w.start + offsetSec, Math.max(offsetSec, floor), endSec);
      words.push({ word: w.word, start, end: clamp(w.end + offsetSec, start, endSec) });
    }
    for (const s of transcript.segments) {
      const start = clamp(s.start + offsetSec, offsetSec, endSec);
      segments.push({ ...s, start, end: clamp(s.end + offsetSec, start, endSec) });
    }
  }
  return { text: texts.join(' '), language, durationSec, words, segments, transcriber: parts[0]?.transcript.transcriber ?? transcriber };
}

function clamp(value: number, low: number, high: number): number {
  return Math.round(Math.min(Math.max(value, low), Math.max(low, high)) * 1000) / 1000;
}
