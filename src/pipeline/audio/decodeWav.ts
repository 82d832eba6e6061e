import { audioTooLong, audioUnreadable } from './audioErrors.js';
import { DURATION_GRACE_SEC, SAMPLE_RATE } from './constants.js';
import type { DecodeLimits } from './decodeOpusFile.js';
import { PcmBuffer } from './PcmBuffer.js';
import { SpeexResampler } from './SpeexResampler.js';
import { readWavInfo, wavFramesToMono } from './wavFormat.js';

/** Frames converted per step: bounds the temporary mono copy. */
const BLOCK_FRAMES = 16384;

/** WAV (any PCM/float layout) → 16 kHz mono, refusing from the header alone when it declares too long a clip. */
export function decodeWav(data: Buffer, limits: DecodeLimits): Int16Array {
  const info = readWavInfo(data);
  const frames = info.dataBytes / info.blockAlign;
  const cap = limits.maxDurationSec + DURATION_GRACE_SEC;
  // Writers that stream (to a pipe) cannot go back to fill in the size and leave 0 or 0xFFFFFFFF.
  const streamed = info.declaredDataBytes === 0 || info.declaredDataBytes === 0xffffffff;
  const declaredFrames = streamed ? frames : Math.floor(info.declaredDataBytes / info.blockAlign);
  const declaredSec = declaredFrames / info.sampleRate;
  if (declaredSec > cap) throw audioTooLong(declaredSec, limits.maxDurationSec);
  if (declaredFrames > frames + 1) throw audioUnreadable('the file is incomplete (cut off while uploading or downloading?).');
  if (frames === 0) throw audioUnreadable('the WAV file has no samples.');

  const out = new PcmBuffer(Math.ceil(cap * SAMPLE_RATE));
  const resampler = info.sampleRate === SAMPLE_RATE ? null : new SpeexResampler(info.sampleRate, SAMPLE_RATE);
  const append = (samples: Int16Array): void => {
    out.append(samples);
  };
  try {
    for (let first = 0; first < frames; first += BLOCK_FRAMES) {
      limits.signal?.throwIfAborted();
      const mono = wavFramesToMono(data, info, first, Math.min(BLOCK_FRAMES, frames - first));
      if (resampler) resampler.process(mono, append);
      else append(mono);
    }
    resampler?.flush(append);
  } finally {
    resampler?.destroy();
  }
  out.truncate(Math.round((frames * SAMPLE_RATE) / info.sampleRate));
  return out.toInt16Array();
}
