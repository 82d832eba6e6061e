/**
 * Synthesized spoken answers for simulated voice users: espeak-ng (the product's own offline speaker) → 48 kHz
 * stereo → 20 ms Opus frames, as a Discord client sends them. Phrases are separated by pauses of known length that
 * the speaker leaves out of the stream (a jump in RTP timestamps), exactly like a client going quiet.
 */
import { resampleMono } from '../../src/pipeline/audio/index.js';
import { EspeakSpeaker } from '../../src/pipeline/speech/espeakSpeaker.js';
import { trimEdges } from '../helpers/audioFixtures.js';
import { encodeOpusFrames } from '../fakes/discord/voice/opusFrames.js';
import type { SpeakOptions } from '../fakes/discord/voice/FakeSpeaker.js';

const speaker = new EspeakSpeaker({ voice: 'en-us', wordsPerMinute: 170 });
const cache = new Map<string, Promise<Buffer[]>>();

/** One phrase as 20 ms Opus frames (48 kHz stereo). */
export function phraseFrames(text: string): Promise<Buffer[]> {
  let frames = cache.get(text);
  if (!frames) {
    frames = (async () => {
      const speech = await speaker.speak(text);
      const mono = trimEdges(resampleMono(speech.pcm, speech.sampleRate, 48_000));
      const stereo = Buffer.alloc(mono.length * 4);
      for (let i = 0; i < mono.length; i++) {
        stereo.writeInt16LE(mono[i] ?? 0, 4 * i);
        stereo.writeInt16LE(mono[i] ?? 0, 4 * i + 2);
      }
      return encodeOpusFrames(stereo);
    })();
    cache.set(text, frames);
  }
  return frames;
}

export interface SpokenAnswer {
  frames: Buffer[];
  /** Where the silent pauses go (pass to FakeSpeaker.speak). */
  gaps: NonNullable<SpeakOptions['gaps']>;
  /** From the first frame to the end of the last, pauses included. */
  durationSec: number;
  pauseSec: number;
}

/** Phrases with `pauseSec` of silence between each pair. */
export async function spokenAnswer(phrases: readonly string[], pauseSec = 2): Promise<SpokenAnswer> {
  const parts = await Promise.all(phrases.map((p) => phraseFrames(p)));
  const frames: Buffer[] = [];
  const gaps: { beforeFrame: number; ms: number }[] = [];
  for (const [i, part] of parts.entries()) {
    if (i > 0 && pauseSec > 0) gaps.push({ beforeFrame: frames.length, ms: pauseSec * 1000 });
    frames.push(...part);
  }
  return { frames, gaps, durationSec: frames.length * 0.02 + gaps.length * pauseSec, pauseSec };
}

/** The 16 kHz mono samples of a PCM WAV (what the fake transcription server received). */
export function wavSamples(wav: Buffer): { pcm: Int16Array; sampleRate: number } {
  const sampleRate = wav.readUInt32LE(24);
  const dataAt = wav.indexOf('data', 12, 'latin1');
  const bytes = wav.readUInt32LE(dataAt + 4);
  const pcm = new Int16Array(bytes / 2);
  for (let i = 0; i < pcm.length; i++) pcm[i] = wav.readInt16LE(dataAt + 8 + 2 * i);
  return { pcm, sampleRate };
}

/** The longest stretch (seconds) where 10 ms windows stay below `threshold` peak: the answer's pause. */
export function longestQuietSec(pcm: Int16Array, sampleRate: number, threshold = 300): number {
  const window = sampleRate / 100;
  let run = 0;
  let longest = 0;
  for (let start = 0; start + window <= pcm.length; start += window) {
    let peak = 0;
    for (let i = start; i < start + window; i++) peak = Math.max(peak, Math.abs(pcm[i] ?? 0));
    run = peak < threshold ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest / 100;
}
