import opus from '@discordjs/opus';

/** Discord voice: 48 kHz stereo s16le, 20 ms Opus frames = 960 samples × 2 channels × 2 bytes of PCM. */
export const SAMPLE_RATE = 48_000;
export const CHANNELS = 2;
export const PCM_BYTES_PER_FRAME = 960 * CHANNELS * 2;

/** Stereo s16le PCM of a sine tone (same signal in both channels). */
export function tonePcm(durationMs: number, frequencyHz = 440, amplitude = 0.3): Buffer {
  const samples = Math.round((durationMs * SAMPLE_RATE) / 1000);
  const pcm = Buffer.alloc(samples * CHANNELS * 2);
  for (let i = 0; i < samples; i += 1) {
    const value = Math.round(Math.sin((2 * Math.PI * frequencyHz * i) / SAMPLE_RATE) * amplitude * 32767);
    pcm.writeInt16LE(value, i * 4);
    pcm.writeInt16LE(value, i * 4 + 2);
  }
  return pcm;
}

/** Encodes stereo 48 kHz PCM into 20 ms Opus frames; a short last frame is padded with silence. */
export function encodeOpusFrames(pcm: Buffer): Buffer[] {
  const encoder = new opus.OpusEncoder(SAMPLE_RATE, CHANNELS);
  const frames: Buffer[] = [];
  for (let offset = 0; offset < pcm.length; offset += PCM_BYTES_PER_FRAME) {
    const chunk = Buffer.alloc(PCM_BYTES_PER_FRAME);
    pcm.copy(chunk, 0, offset, offset + PCM_BYTES_PER_FRAME);
    frames.push(encoder.encode(chunk));
  }
  return frames;
}

/** A tone as Opus frames, `durationMs / 20` of them. */
export function toneOpusFrames(durationMs: number, frequencyHz = 440): Buffer[] {
  return encodeOpusFrames(tonePcm(durationMs, frequencyHz));
}

/** Decodes Opus frames (in the order given) back to stereo s16le PCM. */
export function decodeOpusFrames(frames: readonly Buffer[]): Buffer {
  const decoder = new opus.OpusEncoder(SAMPLE_RATE, CHANNELS);
  return Buffer.concat(frames.map((frame) => decoder.decode(frame)));
}
