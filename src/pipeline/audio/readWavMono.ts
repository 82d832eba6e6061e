import { readWavInfo, wavFramesToMono } from './wavFormat.js';

/** A short WAV (TTS output, fixtures) as mono samples at its own rate; no length limits. */
export function readWavMono(data: Buffer): { pcm: Int16Array; sampleRate: number } {
  const info = readWavInfo(data);
  return { pcm: wavFramesToMono(data, info, 0, info.dataBytes / info.blockAlign), sampleRate: info.sampleRate };
}
