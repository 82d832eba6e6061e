import { z } from 'zod';
import { FILLER_PROMPT, isHallucinatedSegment, isHallucinatedText } from './hallucinations.js';
import type { Transcript, TranscriptSegment, TranscriptWord } from './types.js';

const time = z.coerce.number().refine(Number.isFinite);

const rawWord = z.looseObject({ word: z.string(), start: time, end: time });

const rawSegment = z.looseObject({
  start: time,
  end: time,
  text: z.string(),
  no_speech_prob: z.number().optional(),
  avg_logprob: z.number().optional(),
  /** whisper.cpp server: per-segment token "words". */
  words: z.array(rawWord).optional(),
});

/**
 * The union of what OpenAI-compatible servers send for `verbose_json`: OpenAI puts words at the top level,
 * whisper.cpp's server nests them in segments, LocalAI and `json`-only models send no words (or only text).
 */
export const rawTranscriptionSchema = z.looseObject({
  text: z.string(),
  language: z.string().nullish(),
  duration: time.nullish(),
  words: z.array(rawWord).optional(),
  segments: z.array(rawSegment).optional(),
});

export type RawTranscription = z.infer<typeof rawTranscriptionSchema>;
type RawWord = z.infer<typeof rawWord>;

export interface NormalizeOptions {
  /** The prompt sent with the audio, so an echo of it is recognised as a hallucination. */
  prompt?: string;
  /** Known duration of the audio, used when the server does not say. */
  durationSec?: number;
}

/**
 * Any server's shape → Transcript, with hallucinated segments (and the words inside them) removed. When a
 * segment is dropped the text is rebuilt from the kept segments; otherwise the server's text is kept as is.
 */
export function normalizeTranscript(raw: RawTranscription, transcriber: string, options: NormalizeOptions = {}): Transcript {
  const prompt = options.prompt ?? FILLER_PROMPT;
  const rawSegments = raw.segments ?? [];
  const kept: TranscriptSegment[] = [];
  const dropped: TranscriptSegment[] = [];
  const nestedWords: TranscriptWord[] = [];
  for (const s of rawSegments) {
    const segment: TranscriptSegment = {
      start: s.start,
      end: s.end,
      text: s.text.trim(),
      ...(s.no_speech_prob === undefined ? {} : { noSpeechProb: s.no_speech_prob }),
    };
    const hallucinated = isHallucinatedSegment({ text: s.text, noSpeechProb: s.no_speech_prob, avgLogprob: s.avg_logprob }, prompt);
    (hallucinated ? dropped : kept).push(segment);
    if (!hallucinated && s.words) nestedWords.push(...mergeTokenWords(s.words));
  }

  const topWords = (raw.words ?? []).map(cleanWord).filter((w) => w.word !== '');
  const words = topWords.length ? topWords.filter((w) => !insideAny(w, dropped)) : nestedWords;

  let text = raw.text.trim();
  if (dropped.length) text = kept.map((s) => s.text).join(' ').trim();
  else if (rawSegments.length === 0 && isHallucinatedText(text, prompt)) text = '';
  const emptied = text === '';

  return {
    text,
    language: raw.language ? raw.language.toLowerCase() : null,
    durationSec: raw.duration ?? options.durationSec ?? null,
    words: emptied ? [] : words,
    segments: kept,
    transcriber,
  };
}

/** Plain-text replies (`response_format: text`, or a server that ignores the format) become a bare transcript. */
export function parseRawTranscription(body: unknown): RawTranscription | undefined {
  if (typeof body === 'string') return { text: body };
  const parsed = rawTranscriptionSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

function cleanWord(w: RawWord): TranscriptWord {
  return { word: w.word.trim(), start: w.start, end: w.end };
}

/**
 * whisper.cpp's "words" are tokens: a piece without a leading space continues the previous word ("under" +
 * "stand"), punctuation sticks to it, and special tokens (`[_BEG_]`, `<|endoftext|>`) are not words at all.
 */
function mergeTokenWords(tokens: RawWord[]): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  for (const token of tokens) {
    if (/^\s*(\[_|<\|)/.test(token.word)) continue;
    const piece = token.word.trim();
    if (piece === '') continue;
    const previous = words.at(-1);
    const continues = previous !== undefined && (!/^\s/.test(token.word) || /^[^\p{L}\p{N}]+$/u.test(piece));
    if (continues) {
      previous.word += piece;
      previous.end = Math.max(previous.end, token.end);
    } else {
      words.push({ word: piece, start: token.start, end: token.end });
    }
  }
  return words;
}

/** A word belongs to the segment holding its midpoint. */
function insideAny(word: TranscriptWord, segments: TranscriptSegment[]): boolean {
  const mid = (word.start + word.end) / 2;
  return segments.some((s) => mid >= s.start && mid <= s.end);
}
