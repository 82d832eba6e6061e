import { SAMPLE_RATE } from '../constants.js';
import type { TimeSpan } from '../types.js';

/** Each joint fades out and back in over this long, so a cut never clicks. */
export const JOINT_FADE_SEC = 0.008;

export interface CutAudio {
  pcm: Int16Array;
  /** Samples left out, summed over the cuts (exactly: the fades shorten nothing). */
  removedSamples: number;
}

/**
 * The PCM with `cuts` (in time order, not overlapping) left out. Around each joint the kept audio fades out and back
 * in; the fades lie inside the kept audio, so the result is shorter by exactly the cut samples.
 */
export function applyCuts(pcm: Int16Array, cuts: readonly TimeSpan[]): CutAudio {
  const ranges = cuts
    .map((c) => ({ from: Math.max(0, Math.round(c.start * SAMPLE_RATE)), to: Math.min(pcm.length, Math.round(c.end * SAMPLE_RATE)) }))
    .filter((r) => r.to > r.from);
  const removedSamples = ranges.reduce((n, r) => n + r.to - r.from, 0);
  const out = new Int16Array(pcm.length - removedSamples);
  const joints: number[] = [];
  let at = 0;
  let read = 0;
  for (const r of ranges) {
    out.set(pcm.subarray(read, r.from), at);
    at += r.from - read;
    read = r.to;
    joints.push(at);
  }
  out.set(pcm.subarray(read), at);
  const fade = Math.round(JOINT_FADE_SEC * SAMPLE_RATE);
  for (const joint of joints) {
    for (let i = 1; i <= fade; i++) {
      const gain = (i - 1) / fade;
      const before = joint - i;
      const after = joint + i - 1;
      if (before >= 0) out[before] = Math.round((out[before] ?? 0) * gain);
      if (after < out.length) out[after] = Math.round((out[after] ?? 0) * gain);
    }
  }
  return { pcm: out, removedSamples };
}
