import { SAMPLE_RATE } from '../constants.js';

/** Discord clients draw at most 256 points, one per 100 ms of audio at most. */
const MAX_POINTS = 256;
const POINT_SEC = 0.1;

/**
 * A voice message's waveform as Discord wants it: base64 of one byte (0–255) per slice of the audio, the slice's
 * peak scaled so the loudest slice reaches 255.
 */
export function voiceWaveform(pcm: Int16Array): string {
  const points = Math.max(1, Math.min(MAX_POINTS, Math.ceil(pcm.length / (SAMPLE_RATE * POINT_SEC))));
  const peaks = new Array<number>(points).fill(0);
  for (let i = 0; i < pcm.length; i++) {
    const slot = Math.min(points - 1, Math.floor((i * points) / pcm.length));
    const v = Math.abs(pcm[i] ?? 0);
    if (v > (peaks[slot] ?? 0)) peaks[slot] = v;
  }
  const loudest = Math.max(1, ...peaks);
  return Buffer.from(peaks.map((p) => Math.round((p / loudest) * 255))).toString('base64');
}
