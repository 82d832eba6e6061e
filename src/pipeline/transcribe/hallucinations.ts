/**
 * Whisper omits fillers unless the prompt shows some; a short prompt keeps them without steering content.
 * Long prompts get truncated or leak into the output.
 */
export const FILLER_PROMPT = 'Um, uh, hmm, er, ah. Like, you know, I mean.';

/** The prompt for one request: the filler style first, then the words said just before this audio, if any. */
export function promptWithContext(base: string, context: string | undefined): string {
  const text = context?.replace(/\s+/g, ' ').trim();
  return text ? `${base} ${text}` : base;
}

/** Above this no-speech probability a segment is dropped on that alone. */
export const NO_SPEECH_DROP = 0.8;
/** Whisper's own silence rule: fairly likely no speech and a low-confidence decode. */
export const NO_SPEECH_WITH_LOW_LOGPROB = 0.6;
export const LOW_AVG_LOGPROB = -1;
/** Short stock phrases ("you", "thank you") are only dropped when Whisper also doubts there was speech. */
export const NO_SPEECH_FOR_SHORT_PHRASES = 0.3;

/**
 * Phrases Whisper produces from silence or noise, learnt from subtitle files in its training data. A
 * candidate does not say "subtitles by" in an interview answer, so any segment containing one goes.
 */
const STOCK_PHRASES = [
  'thank you for watching',
  'thanks for watching',
  'thank you so much for watching',
  'thank you for listening',
  'subtitles by',
  'subtitled by',
  'captions by',
  'captioning by',
  'captioned by',
  'transcribed by',
  'transcription by',
  'translated by',
  'amara org',
  'please subscribe',
  'like and subscribe',
  'subscribe to my channel',
  'subscribe to the channel',
  'don t forget to subscribe',
  'see you in the next video',
  'see you next time',
];

/** Whole-segment outputs Whisper emits on near-silence; real when spoken, so only dropped with a doubt signal. */
const SHORT_PHRASES = new Set(['you', 'thank you', 'thanks', 'thank you very much', 'bye', 'bye bye', 'okay', 'so']);

export interface SegmentEvidence {
  text: string;
  noSpeechProb?: number;
  avgLogprob?: number;
}

export function isHallucinatedSegment(segment: SegmentEvidence, prompt: string = FILLER_PROMPT): boolean {
  const text = normalise(segment.text);
  if (text === '') return true;
  const p = segment.noSpeechProb;
  if (p !== undefined) {
    if (p >= NO_SPEECH_DROP) return true;
    if (p >= NO_SPEECH_WITH_LOW_LOGPROB && segment.avgLogprob !== undefined && segment.avgLogprob < LOW_AVG_LOGPROB) {
      return true;
    }
  }
  if (isStockPhrase(text)) return true;
  // The prompt echoed back verbatim is what Whisper writes when it heard nothing to transcribe.
  if (prompt && text === normalise(prompt)) return true;
  return SHORT_PHRASES.has(text) && p !== undefined && p >= NO_SPEECH_FOR_SHORT_PHRASES;
}

/** For transcripts without segments: the whole text is one stock phrase, or a short phrase standing alone. */
export function isHallucinatedText(text: string, prompt: string = FILLER_PROMPT): boolean {
  const normalised = normalise(text);
  return isStockPhrase(normalised) || SHORT_PHRASES.has(normalised) || (prompt !== '' && normalised === normalise(prompt));
}

function isStockPhrase(normalised: string): boolean {
  return STOCK_PHRASES.some((phrase) => normalised.includes(phrase));
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
