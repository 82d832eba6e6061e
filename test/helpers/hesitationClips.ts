/**
 * Synthetic answers with filled pauses the transcript leaves out, for the hesitation detector's tests and benchmark.
 * Speech is espeak-ng (the product's EspeakSpeaker) at 16 kHz; the "uhhh"/"ummm" sounds, breaths and held vowels come
 * from filledPauseSynth. Ground truth is known by construction: where each filler, pause, breath and held vowel was
 * put. The word timestamps are those of the phrases placed (each phrase's span shared out over its words by length),
 * i.e. a transcriber that hears every word and drops every filler.
 */
import { resampleMono } from '../../src/pipeline/audio/index.js';
import type { TimeSpan } from '../../src/pipeline/audio/types.js';
import type { TranscriptWord } from '../../src/pipeline/transcribe/types.js';
import { EspeakSpeaker } from '../../src/pipeline/speech/espeakSpeaker.js';
import { breath, filledPause, heldVowel, seededRandom, type Random } from './filledPauseSynth.js';
import { concat } from './audioFixtures.js';

const RATE = 16000;

export type ClipPart =
  | {
      phrase: string;
      /** Hold the phrase's last vowel this long; the word timestamp ends where the word did. */
      holdSec?: number;
      /** Leave this word (index) out of the word timestamps: a word the transcriber missed. */
      dropWord?: number;
    }
  | { silenceSec: number }
  | {
      fillerSec: number;
      kind?: 'uh' | 'um';
      driftSemitones?: number;
      /** The transcriber wrote this filler down (as this word): then it is a word, not a hesitation to find. */
      transcribedAs?: string;
    }
  | { breathSec: number };

export type DistractorKind = 'pause' | 'breath' | 'lengthening' | 'missed word' | 'transcribed filler';

export interface HesitationClip {
  pcm: Int16Array;
  durationSec: number;
  text: string;
  words: TranscriptWord[];
  /** The filled pauses inserted (what the detector should find). */
  hesitations: TimeSpan[];
  /** What it must not report. */
  distractors: { kind: DistractorKind; span: TimeSpan }[];
}

export interface Voice {
  voice: string;
  pitch: number;
  /** Typical F0 of this voice, for fillers that sound like the same speaker. */
  f0: number;
}

export const VOICES: readonly Voice[] = [
  { voice: 'en-us', pitch: 35, f0: 105 },
  { voice: 'en-us', pitch: 70, f0: 150 },
];

const speakers = new Map<string, EspeakSpeaker>();
const phraseCache = new Map<string, Promise<Int16Array>>();

/** A phrase at 16 kHz with espeak's leading/trailing near-silence dropped, synthesised once per process. */
export function phrasePcm(text: string, voice: Voice): Promise<Int16Array> {
  const key = `${voice.voice}/${voice.pitch}/${text}`;
  let cached = phraseCache.get(key);
  if (!cached) {
    let speaker = speakers.get(`${voice.voice}/${voice.pitch}`);
    if (!speaker) {
      speaker = new EspeakSpeaker({ voice: voice.voice, pitch: voice.pitch, wordsPerMinute: 165 });
      speakers.set(`${voice.voice}/${voice.pitch}`, speaker);
    }
    cached = speaker.speak(text).then((s) => trimEdges(resampleMono(s.pcm, s.sampleRate, RATE)));
    phraseCache.set(key, cached);
  }
  return cached;
}

/** Ways to make a clip harder than the clean construction. */
export interface ClipConditions {
  /** Room noise: amplitude of the noise floor (≈ 60 → −60 dBFS, 600 → −40 dBFS). */
  noise?: number;
  /** Each word boundary moved by up to ± this many seconds, as real transcribers' timestamps are off. */
  wordJitterSec?: number;
  /** F0 drift of fillers drawn from [min, max] semitones (default −1.5…+0.5). */
  driftSemitones?: readonly [number, number];
}

/** A transcribed "Um" and two hesitations the transcript leaves out, within 5 s: one cluster (a "moment"). */
export const CLUSTER_SCRIPT: readonly ClipPart[] = [
  { silenceSec: 0.5 },
  { phrase: 'The cache was missing most requests.' },
  { silenceSec: 0.3 },
  { fillerSec: 0.5, kind: 'um', transcribedAs: 'Um' },
  { silenceSec: 0.2 },
  { phrase: 'I would measure before changing anything.' },
  { silenceSec: 0.2 },
  { fillerSec: 0.5, kind: 'uh' },
  { silenceSec: 0.2 },
  { fillerSec: 0.45, kind: 'uh' },
  { silenceSec: 0.3 },
  { phrase: 'Latency dropped by half in a week.' },
  { silenceSec: 0.5 },
];

export async function buildClip(parts: readonly ClipPart[], voice: Voice, seed = 1, conditions: ClipConditions = {}): Promise<HesitationClip> {
  const random = seededRandom(seed);
  const [driftMin, driftMax] = conditions.driftSemitones ?? [-1.5, 0.5];
  const pieces: Int16Array[] = [];
  const words: TranscriptWord[] = [];
  const hesitations: TimeSpan[] = [];
  const distractors: HesitationClip['distractors'] = [];
  const texts: string[] = [];
  let at = 0;
  let loudness = 0.5;
  const put = (pcm: Int16Array): TimeSpan => {
    pieces.push(pcm);
    const span = { start: at / RATE, end: (at + pcm.length) / RATE };
    at += pcm.length;
    return span;
  };
  for (const part of parts) {
    if ('phrase' in part) {
      let pcm = await phrasePcm(part.phrase, voice);
      loudness = peak(pcm);
      texts.push(part.phrase);
      if (part.holdSec) {
        const held = heldVowel(pcm, part.holdSec);
        pcm = pcm.subarray(0, held.cutAt);
        const span = put(pcm);
        words.push(...shareOut(part.phrase, span));
        distractors.push({ kind: 'lengthening', span: put(held.vowel) });
      } else {
        const shared = shareOut(part.phrase, put(pcm));
        const missed = part.dropWord !== undefined ? shared[part.dropWord] : undefined;
        if (missed) distractors.push({ kind: 'missed word', span: { start: missed.start, end: missed.end } });
        words.push(...shared.filter((w) => w !== missed));
      }
    } else if ('silenceSec' in part) {
      const span = put(new Int16Array(Math.round(part.silenceSec * RATE)));
      if (part.silenceSec >= 0.4) distractors.push({ kind: 'pause', span });
    } else if ('fillerSec' in part) {
      const f0 = voice.f0 * (0.9 + 0.2 * random());
      const sound = filledPause({
        durationSec: part.fillerSec,
        f0,
        driftSemitones: part.driftSemitones ?? driftMin + (driftMax - driftMin) * random(),
        kind: part.kind ?? 'uh',
        amplitude: loudness * (0.5 + 0.3 * random()),
        random,
      });
      const span = put(sound);
      if (part.transcribedAs) {
        words.push({ word: part.transcribedAs, start: round3(span.start), end: round3(span.end) });
        texts.push(`${part.transcribedAs},`);
        distractors.push({ kind: 'transcribed filler', span });
      } else {
        hesitations.push(span);
      }
    } else {
      distractors.push({ kind: 'breath', span: put(breath(part.breathSec, loudness * (0.1 + 0.1 * random()), random)) });
    }
  }
  const pcm = withNoiseFloor(concat(pieces), random, conditions.noise ?? 60);
  const jitter = conditions.wordJitterSec ?? 0;
  const timed = jitter > 0 ? words.map((w) => jittered(w, jitter, random)) : words;
  return { pcm, durationSec: pcm.length / RATE, text: texts.join(' '), words: timed, hesitations, distractors };
}

function jittered(w: TranscriptWord, jitter: number, random: Random): TranscriptWord {
  const start = w.start + (2 * random() - 1) * jitter;
  const end = Math.max(start + 0.02, w.end + (2 * random() - 1) * jitter);
  return { word: w.word, start: round3(start), end: round3(end) };
}

/** The phrase's time shared out over its words in proportion to their letters. */
function shareOut(phrase: string, span: TimeSpan): TranscriptWord[] {
  const tokens = phrase.split(/\s+/).filter(Boolean);
  const weights = tokens.map((t) => t.replace(/[^\p{L}\p{N}]/gu, '').length + 1);
  const total = weights.reduce((a, b) => a + b, 0);
  let t = span.start;
  return tokens.map((word, i) => {
    const length = ((span.end - span.start) * (weights[i] ?? 1)) / total;
    const w = { word, start: round3(t), end: round3(t + length) };
    t += length;
    return w;
  });
}

// ---------------------------------------------------------------- the benchmark's set

const PHRASES = [
  'I started by profiling the slow endpoint.',
  'The cache was missing most requests.',
  'We moved the heavy work into a queue.',
  'Then I wrote a test that failed first.',
  'The team agreed to ship it behind a flag.',
  'Latency dropped by half in a week.',
  'I would measure before changing anything.',
  'Our database had no index on that column.',
];
/** Phrases ending on a vowel, for held word-final vowels. */
const OPEN_PHRASES = ['The first thing I did was to', 'and then we moved on to the', 'the main reason was so', 'what we needed was a way to'];

/** A random script: 4–6 phrases, between them a filler, a silent pause, a breath, a held vowel or a plain gap. */
export function randomScript(random: Random): ClipPart[] {
  const parts: ClipPart[] = [{ silenceSec: 0.3 + 0.3 * random() }];
  const phrases = 4 + Math.floor(random() * 3);
  let fillers = 0;
  for (let p = 0; p < phrases; p++) {
    const last = p === phrases - 1;
    let roll = last ? 1 : random();
    if (!last && p === phrases - 2 && fillers === 0) roll = 0; // every clip has at least one filler
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] ?? (list[0] as T);
    if (roll < 0.4) {
      fillers++;
      parts.push({ phrase: pick(PHRASES) });
      // Now and then a filler said straight after the word, with no break.
      parts.push({ silenceSec: random() < 0.15 ? 0 : 0.05 + 0.3 * random() });
      parts.push({ fillerSec: 0.3 + 0.7 * random(), kind: random() < 0.5 ? 'uh' : 'um' });
      parts.push({ silenceSec: 0.1 + 0.25 * random() });
    } else if (roll < 0.58) {
      // Sometimes with a longer word the transcriber missed: speech, not a filler.
      const phrase = pick(PHRASES);
      const long = phrase.split(' ').findIndex((w) => w.replace(/\W/g, '').length >= 6);
      parts.push({ phrase, ...(random() < 0.5 && long >= 0 ? { dropWord: long } : {}) }, { silenceSec: 0.5 + 1.1 * random() });
    } else if (roll < 0.76) {
      parts.push({ phrase: pick(PHRASES) }, { silenceSec: 0.1 + 0.1 * random() }, { breathSec: 0.3 + 0.3 * random() }, { silenceSec: 0.1 + 0.15 * random() });
    } else if (roll < 0.92) {
      parts.push({ phrase: pick(OPEN_PHRASES), holdSec: 0.25 + 0.35 * random() }, { silenceSec: 0.2 + 0.2 * random() });
    } else {
      parts.push({ phrase: pick(last ? PHRASES : PHRASES) }, ...(last ? [] : [{ silenceSec: 0.15 + 0.2 * random() }]));
    }
  }
  parts.push({ silenceSec: 0.4 });
  return parts;
}

/** `count` clips, alternating voices, each from its own seed. */
export async function hesitationClipSet(count: number, conditions: ClipConditions = {}): Promise<HesitationClip[]> {
  const clips: HesitationClip[] = [];
  for (let i = 0; i < count; i++) {
    const voice = VOICES[i % VOICES.length] ?? VOICES[0];
    if (!voice) throw new Error('no voice');
    clips.push(await buildClip(randomScript(seededRandom(1000 + i)), voice, 2000 + i, conditions));
  }
  return clips;
}

// ---------------------------------------------------------------- samples

function trimEdges(pcm: Int16Array, threshold = 200): Int16Array {
  let start = 0;
  let end = pcm.length;
  while (start < end && Math.abs(pcm[start] ?? 0) < threshold) start++;
  while (end > start && Math.abs(pcm[end - 1] ?? 0) < threshold) end--;
  return pcm.slice(start, end);
}

function peak(pcm: Int16Array): number {
  let max = 0;
  for (const v of pcm) max = Math.max(max, Math.abs(v));
  return max / 32768;
}

/** Room noise under everything (by default around −60 dBFS, a quiet room), so silences are not digital zero. */
function withNoiseFloor(pcm: Int16Array, random: Random, amplitude: number): Int16Array {
  const out = new Int16Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = Math.max(-32768, Math.min(32767, (pcm[i] ?? 0) + Math.round((random() + random() + random() - 1.5) * amplitude)));
  return out;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The clip as the fake Whisper server serves it: words moved onto the trimmed WAV the transcriber is sent. */
export function clipTranscript(clip: HesitationClip, trimOffsetSec: number) {
  const words = clip.words.map((w) => ({ word: w.word, start: round3(w.start - trimOffsetSec), end: round3(w.end - trimOffsetSec) }));
  const end = words.at(-1)?.end ?? 0;
  return {
    language: 'english',
    duration: end,
    segments: [{ start: 0, end, text: ` ${clip.text}`, no_speech_prob: 0.01, avg_logprob: -0.2, words }],
  };
}
