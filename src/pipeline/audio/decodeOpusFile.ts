import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Transform } from 'node:stream';
import prism from 'prism-media';
import { audioTooLong, audioUnreadable, audioUnsupported } from './audioErrors.js';
import { DURATION_GRACE_SEC, OPUS_CLOCK_RATE, SAMPLE_RATE } from './constants.js';
import { inspectOgg } from './inspectOgg.js';
import { OpusStreamDecoder } from './OpusStreamDecoder.js';
import { UserFacingError } from '../../errors.js';

export interface DecodeLimits {
  maxDurationSec: number;
  signal?: AbortSignal;
}

/** Feeding the demuxer in pieces lets decoding stop at the cap without demuxing the rest. */
const CHUNK_BYTES = 16 * 1024;
const CAP_REACHED = new Error('answer cap reached');
const OGG_CODEC_NAMES = {
  vorbis: 'Ogg Vorbis audio',
  flac: 'Ogg FLAC audio',
  speex: 'Ogg Speex audio',
  unknown: 'Ogg files in that codec',
} as const;

/** Ogg Opus (Discord voice messages, opusenc): checks length and integrity from the page headers first. */
export async function decodeOggOpus(data: Buffer, limits: DecodeLimits): Promise<Int16Array | 'needs-ffmpeg'> {
  const info = inspectOgg(data);
  if (!info.complete) throw audioUnreadable('the file is incomplete or damaged (cut off while uploading?).');
  if (info.codec !== 'opus') throw audioUnsupported(OGG_CODEC_NAMES[info.codec]);
  if (info.endGranule !== null) {
    const declaredSec = (info.endGranule - info.preSkip) / OPUS_CLOCK_RATE;
    if (declaredSec > limits.maxDurationSec + DURATION_GRACE_SEC) throw audioTooLong(declaredSec, limits.maxDurationSec);
  }
  // prism-media's Ogg demuxer stalls on a packet continued across pages; ffmpeg does not.
  if (info.spansPages) return 'needs-ffmpeg';
  const sink = await demux(data, new prism.opus.OggDemuxer(), limits, 'Ogg');
  return sink.finish(info.endGranule, info.preSkip);
}

/** WebM Opus (browser MediaRecorder, some Slack clients). WebM headers rarely state a length, so the cap is enforced while decoding. */
export async function decodeWebmOpus(data: Buffer, limits: DecodeLimits): Promise<Int16Array> {
  const sink = await demux(data, new prism.opus.WebmDemuxer(), limits, 'WebM');
  return sink.finish();
}

async function demux(data: Buffer, demuxer: Transform, limits: DecodeLimits, container: string): Promise<OpusStreamDecoder> {
  const sink = new OpusStreamDecoder(Math.ceil((limits.maxDurationSec + DURATION_GRACE_SEC) * SAMPLE_RATE));
  demuxer.on('head', (head: unknown) => {
    if (Buffer.isBuffer(head)) sink.setHead(head);
  });
  const writer = new Writable({
    objectMode: true,
    write(packet: unknown, _encoding, done) {
      if (Buffer.isBuffer(packet) && !sink.write(packet)) done(CAP_REACHED);
      else done();
    },
  });
  try {
    await pipeline(Readable.from(chunks(data)), demuxer, writer, limits.signal ? { signal: limits.signal } : {});
  } catch (error) {
    sink.finish();
    if (error === CAP_REACHED) throw audioTooLong(null, limits.maxDurationSec);
    if (limits.signal?.aborted || error instanceof UserFacingError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/not opus/i.test(message)) throw audioUnsupported(`${container} audio that is not Opus`);
    throw audioUnreadable(`the ${container} file is damaged.`, error);
  }
  const problem =
    sink.packets === 0
      ? `the ${container} file holds no Opus audio.`
      : sink.errors > sink.packets / 2
        ? `most of the ${container} audio is corrupted.`
        : null;
  if (problem) {
    sink.finish();
    throw audioUnreadable(problem);
  }
  return sink;
}

function* chunks(data: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < data.length; offset += CHUNK_BYTES) yield data.subarray(offset, offset + CHUNK_BYTES);
}
