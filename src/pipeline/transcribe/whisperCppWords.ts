import type { WhisperSegment } from '../providers/whisperCppProtocol.js';
import type { RawTranscription } from './normalizeTranscript.js';

/** A silence this long between two words starts a new segment (a pause, as the pause metric counts them). */
const SEGMENT_GAP_SEC = 1;

/**
 * whisper.cpp's word segments (max_len 1, split on word; times in hundredths of a second) → the raw shape the
 * other transcribers produce: top-level words, plus segments rebuilt at sentence ends and pauses so the
 * hallucination filter still judges phrases ("thank you for watching"), not single words.
 */
export function whisperWordsToRaw(text: string, pieces: readonly WhisperSegment[], durationSec = Infinity): RawTranscription {
  // A low-confidence decode can emit timestamp tokens past the end of the audio; no word can be later than the audio.
  const clamp = (sec: number): number => Math.min(sec, durationSec);
  const words: { word: string; start: number; end: number }[] = [];
  for (const piece of pieces) {
    const word = piece.text.trim();
    // Special tokens ([_BEG_], [_TT_123], <|endoftext|>) are not speech; an empty piece is a split artefact.
    if (word === '' || /^(\[_|<\|)/.test(word)) continue;
    const start = clamp(piece.start / 100);
    // Word times never run backwards, even when a token's timestamp does.
    const previousEnd = words.at(-1)?.end ?? 0;
    const from = Math.max(start, previousEnd);
    words.push({ word, start: from, end: Math.max(from, clamp(piece.end / 100)) });
  }

  const segments: { start: number; end: number; text: string }[] = [];
  let current: typeof words = [];
  const flush = (): void => {
    const first = current[0];
    const last = current.at(-1);
    if (first && last) segments.push({ start: first.start, end: last.end, text: current.map((w) => w.word).join(' ') });
    current = [];
  };
  for (const word of words) {
    const last = current.at(-1);
    if (last && word.start - last.end >= SEGMENT_GAP_SEC) flush();
    current.push(word);
    if (/[.?!]["')\]]*$/.test(word.word)) flush();
  }
  flush();

  // The text whisper.cpp returned is the words as decoded; fall back to the words when it is missing.
  const joined = words.map((w) => w.word).join(' ');
  return { text: text.trim() === '' ? joined : text, words, segments };
}
