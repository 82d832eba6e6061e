/**
 * A transcription reply that listens to the audio it is sent. Test answers are made of "tone words": each word a
 * short sine burst whose pitch names it (word n is 300 + 40·n Hz, `w<n>`). The reply finds the bursts in the
 * uploaded WAV with the product's VAD, names each by its pitch (zero crossings) and returns OpenAI's verbose_json
 * with word timestamps local to the upload — so a test sees exactly which words each request carried and where.
 * Optionally it takes `msPerAudioSecond` per second of audio to answer, like a real Whisper whose work grows with
 * the audio.
 */
import { detectSpeech, readWavMono } from '../../../src/pipeline/audio/index.js';
import type { TimeSpan } from '../../../src/pipeline/audio/types.js';
import type { RecordedRequest, ScriptedReply } from './ScriptedServer.js';

const BASE_HZ = 300;
const STEP_HZ = 40;
/** Distinct pitches before names repeat (keeps every tone far below the 8 kHz Nyquist limit). */
export const TONE_NAMES = 150;

export function toneHz(n: number): number {
  return BASE_HZ + STEP_HZ * (n % TONE_NAMES);
}

export interface ToneWord {
  n: number;
  start: number;
  end: number;
}

/** 16 kHz mono PCM with each word as a sine burst (10 ms fades, so the bursts do not click). */
export function toneWordsPcm(words: readonly ToneWord[], durationSec: number, rate = 16_000): Int16Array {
  const pcm = new Int16Array(Math.round(durationSec * rate));
  for (const w of words) {
    const from = Math.round(w.start * rate);
    const to = Math.min(pcm.length, Math.round(w.end * rate));
    const fade = Math.round(0.01 * rate);
    for (let i = from; i < to; i++) {
      const edge = Math.min(1, (i - from) / fade, (to - 1 - i) / fade);
      pcm[i] = Math.round(9000 * edge * Math.sin((2 * Math.PI * toneHz(w.n) * (i - from)) / rate));
    }
  }
  return pcm;
}

/** Words of `wordSec` with `gapSec` between them, and longer pauses before the words listed in `pausesBefore`. */
export function toneScript(count: number, options: { wordSec?: number; gapSec?: number; leadSec?: number; pausesBefore?: Record<number, number> } = {}): { words: ToneWord[]; durationSec: number } {
  const wordSec = options.wordSec ?? 0.3;
  const gapSec = options.gapSec ?? 0.7;
  let at = options.leadSec ?? 0.3;
  const words: ToneWord[] = [];
  for (let n = 0; n < count; n++) {
    if (n > 0) at += options.pausesBefore?.[n] ?? gapSec;
    words.push({ n, start: at, end: at + wordSec });
    at += wordSec;
  }
  return { words, durationSec: at + 0.5 };
}

export function heardWords(pcm: Int16Array, sampleRate: number): Array<{ word: string; start: number; end: number }> {
  return detectSpeech(pcm, 16_000).map((span) => ({ word: `w${nameOf(pcm, sampleRate, span)}`, start: round3(span.start), end: round3(span.end) }));
}

export function listeningReply(options: { msPerAudioSecond?: number } = {}): (request: RecordedRequest) => ScriptedReply {
  return (request) => {
    const file = request.files?.file;
    if (!file) return { status: 400, json: { error: { message: 'no file', type: 'invalid_request_error', code: null } } };
    const { pcm, sampleRate } = readWavMono(file.bytes);
    const duration = pcm.length / sampleRate;
    const words = heardWords(pcm, sampleRate);
    const text = words.map((w) => w.word).join(' ');
    return {
      delayMs: Math.round((options.msPerAudioSecond ?? 0) * duration),
      json: {
        task: 'transcribe',
        language: 'english',
        duration,
        text,
        words,
        segments: words.length ? [{ id: 0, seek: 0, start: words[0]?.start ?? 0, end: words.at(-1)?.end ?? 0, text: ` ${text}`, tokens: [], temperature: 0, avg_logprob: -0.2, compression_ratio: 1.2, no_speech_prob: 0.01 }] : [],
      },
    };
  };
}

/** The tone's number from its zero-crossing rate over the middle of the burst (the VAD's edges include fades). */
function nameOf(pcm: Int16Array, rate: number, span: TimeSpan): number {
  const from = Math.round((span.start + 0.05) * rate);
  const to = Math.max(from + 1, Math.round((span.end - 0.05) * rate));
  let crossings = 0;
  let first = -1;
  let last = -1;
  for (let i = from + 1; i < to && i < pcm.length; i++) {
    if (((pcm[i - 1] ?? 0) < 0) !== ((pcm[i] ?? 0) < 0)) {
      crossings++;
      if (first < 0) first = i;
      last = i;
    }
  }
  if (crossings < 2) return -1;
  const hz = ((crossings - 1) / 2) * (rate / (last - first));
  return Math.round((hz - BASE_HZ) / STEP_HZ);
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
