import { z } from 'zod';
import { FILLER_PROMPT, isHallucinatedSegment, isHallucinatedText } from './hallucinations.js';
import { languageCode } from './languageCodes.js';
import type { Transcript, TranscriptSegment, TranscriptWord } from './types.js';

/**
 * Seconds as servers send them: a number, or a numeric string (vLLM's `duration`). Anything else — `null`, a
 * missing field, `"n/a"`, a negative sentinel such as whisper.cpp's -1 for "no token timestamp" — is absent.
 */
const seconds = z.preprocess((value) => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}, z.number().optional());

/** An optional number that may come as `null`. */
const optionalNumber = z.preprocess((value) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined), z.number().optional());

const wordShape = z.looseObject({ word: z.string(), start: seconds, end: seconds });

const segmentShape = z.looseObject({
  start: seconds,
  end: seconds,
  text: z.string(),
  no_speech_prob: optionalNumber,
  avg_logprob: optionalNumber,
  /** whisper.cpp server: per-segment token "words". */
  words: z.unknown().optional(),
});

/**
 * The union of what OpenAI-compatible servers send for `verbose_json`: OpenAI and Groq put words at the top level,
 * whisper.cpp's server nests them in segments (without times when token timestamps are off), LocalAI and
 * `json`-only models send no words, Pydantic servers send `null` for what they lack. Extra fields (`x_groq`,
 * `task`, `usage`…) are ignored.
 */
const transcriptionShape = z.looseObject({
  text: z.string().nullish(),
  language: z.string().nullish(),
  duration: seconds,
  words: z.unknown().optional(),
  segments: z.unknown().optional(),
});

export interface RawWord {
  word: string;
  start: number;
  end: number;
}

export interface RawSegment {
  start: number;
  end: number;
  text: string;
  no_speech_prob?: number;
  avg_logprob?: number;
  words?: RawWord[];
}

/** A server's reply reduced to what every shape can give; built only by parseRawTranscription or a local model. */
export interface RawTranscription {
  text: string;
  language?: string | null;
  duration?: number | null;
  words?: RawWord[];
  segments?: RawSegment[];
}

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
    language: languageCode(raw.language),
    durationSec: raw.duration ?? options.durationSec ?? null,
    words: emptied ? [] : words,
    segments: kept,
    transcriber,
  };
}

/**
 * Any reply body → RawTranscription, or undefined when there is no transcript in it at all. Plain-text replies
 * (`response_format: text`, or a server that ignores the format) become a bare transcript. A word without times
 * and a segment without times are dropped one by one; the reply itself is kept.
 */
export function parseRawTranscription(body: unknown): RawTranscription | undefined {
  if (typeof body === 'string') return { text: body };
  const parsed = transcriptionShape.safeParse(body);
  if (!parsed.success) return undefined;
  const raw = parsed.data;
  const segments = listOf(raw.segments, parseSegment);
  const text = raw.text ?? (segments.length ? segments.map((s) => s.text).join('') : undefined);
  if (text === undefined) return undefined;
  return {
    text,
    language: raw.language ?? null,
    duration: raw.duration ?? null,
    ...(Array.isArray(raw.words) ? { words: listOf(raw.words, parseWord) } : {}),
    ...(Array.isArray(raw.segments) ? { segments } : {}),
  };
}

function listOf<T>(value: unknown, parse: (item: unknown) => T | undefined): T[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = parse(item);
    return parsed === undefined ? [] : [parsed];
  });
}

function parseWord(item: unknown): RawWord | undefined {
  const parsed = wordShape.safeParse(item);
  if (!parsed.success) return undefined;
  const { word, start, end } = parsed.data;
  return start === undefined || end === undefined ? undefined : { word, start, end: Math.max(start, end) };
}

function parseSegment(item: unknown): RawSegment | undefined {
  const parsed = segmentShape.safeParse(item);
  if (!parsed.success) return undefined;
  const { start, end, text, no_speech_prob, avg_logprob, words } = parsed.data;
  if (start === undefined || end === undefined) return undefined;
  return {
    start,
    end,
    text,
    ...(no_speech_prob === undefined ? {} : { no_speech_prob }),
    ...(avg_logprob === undefined ? {} : { avg_logprob }),
    ...(Array.isArray(words) ? { words: listOf(words, parseWord) } : {}),
  };
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
