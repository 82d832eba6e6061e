import { randomInt } from 'node:crypto';
import { OPUS_CLOCK_RATE, SAMPLE_RATE, TICKS_PER_SAMPLE } from '../constants.js';
import { APPLICATION_AUDIO, loadNative, loadScript } from '../opusDecoder.js';
import { OggPageWriter } from './OggPageWriter.js';

/** 20 ms frames, as Discord's own voice messages use. */
const FRAME_SAMPLES = SAMPLE_RATE / 50;
/** Speech at 16 kHz mono is clear at this rate; Discord's voice messages run at about 32 kbps. */
const BITRATE = 32_000;
/**
 * libopus delays its output by its look-ahead: 104 samples at 16 kHz, 312 at 48 kHz (RFC 7845 §4.2: pre-skip is
 * counted at 48 kHz whatever the input rate). The player drops this many samples first; the encoder is fed as many
 * extra zeros at the end so the last real sample comes out.
 */
const PRE_SKIP = 312;
/**
 * OPUS_SET_COMPLEXITY. libopus defaults to 10; 5 encodes speech about 2.7× faster here (docs/BENCHMARKS.md, "Replay
 * without the ums") for a difference nobody hears at 32 kbps on a phone speaker.
 */
const SET_COMPLEXITY = 4010;
const COMPLEXITY = 5;
/** Frames encoded between two yields to the event loop (5 s of audio): a long answer must not stall live voice. */
const FRAMES_PER_SLICE = 250;
/** About one page per second of audio: players seek by page. */
const PACKETS_PER_PAGE = 50;
const VENDOR = 'interview-coach';

interface FrameEncoder {
  encode(frame: Buffer): Buffer;
  release(): void;
}

/** @discordjs/opus (native libopus) when it loads, else opusscript — the same choice as the decoder. */
function frameEncoder(complexity: number): FrameEncoder {
  const Native = loadNative();
  if (Native) {
    const encoder = new Native(SAMPLE_RATE, 1);
    encoder.setBitrate(BITRATE);
    encoder.applyEncoderCTL(SET_COMPLEXITY, complexity);
    return { encode: (frame) => encoder.encode(frame), release: () => undefined };
  }
  const Script = loadScript();
  if (!Script) throw new Error('No Opus encoder: neither @discordjs/opus nor opusscript could be loaded');
  const encoder = new Script(SAMPLE_RATE, 1, APPLICATION_AUDIO);
  encoder.setBitrate(BITRATE);
  encoder.encoderCTL(SET_COMPLEXITY, complexity);
  // opusscript hands back a view into its WASM heap that the next call overwrites: copy it out.
  return { encode: (frame) => Buffer.from(encoder.encode(frame, FRAME_SAMPLES)), release: () => encoder.delete() };
}

function opusHead(): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'ascii');
  head.writeUInt8(1, 8); // version
  head.writeUInt8(1, 9); // channels
  head.writeUInt16LE(PRE_SKIP, 10);
  head.writeUInt32LE(SAMPLE_RATE, 12); // the input's rate, for information only
  head.writeInt16LE(0, 16); // output gain
  head.writeUInt8(0, 18); // channel mapping family 0: mono or stereo
  return head;
}

function opusTags(): Buffer {
  const vendor = Buffer.from(VENDOR, 'utf8');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'ascii');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  tags.writeUInt32LE(0, 12 + vendor.length); // no user comments
  return tags;
}

/** Seconds an Ogg Opus stream of `samples` 16 kHz samples plays for. */
export function oggOpusDurationSec(samples: number): number {
  return (samples * TICKS_PER_SAMPLE) / OPUS_CLOCK_RATE;
}

/**
 * 16 kHz mono PCM as an Ogg Opus file (RFC 7845) in memory: OpusHead and OpusTags pages, then 20 ms packets about a
 * second per page, granule positions in 48 kHz samples, the last page trimmed to the exact length. Yields to the event
 * loop every few seconds of audio.
 */
export async function encodeOggOpus(pcm: Int16Array, options: { complexity?: number } = {}): Promise<Buffer> {
  const encoder = frameEncoder(options.complexity ?? COMPLEXITY);
  try {
    const writer = new OggPageWriter(randomInt(0, 2 ** 32));
    writer.writeHeaderPage(opusHead(), true);
    writer.writeHeaderPage(opusTags(), false);
    const lookahead = PRE_SKIP / TICKS_PER_SAMPLE;
    const total = pcm.length + lookahead;
    // Buffer.alloc never hands out a pooled slice, so the samples view starts aligned (PCM is little-endian).
    const frame = Buffer.alloc(FRAME_SAMPLES * 2);
    const samples = new Int16Array(frame.buffer, frame.byteOffset, FRAME_SAMPLES);
    let granule = 0n;
    let packets = 0;
    for (let at = 0; at < total; at += FRAME_SAMPLES) {
      samples.fill(0);
      if (at < pcm.length) samples.set(pcm.subarray(at, Math.min(pcm.length, at + FRAME_SAMPLES)));
      granule += BigInt(FRAME_SAMPLES * TICKS_PER_SAMPLE);
      // A page closes before the next packet, so the last page always has a packet to carry end-of-stream.
      if (packets > 0 && packets % PACKETS_PER_PAGE === 0) writer.flush(false);
      if (packets > 0 && packets % FRAMES_PER_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      writer.writePacket(encoder.encode(frame), granule);
      packets++;
    }
    return writer.finish(BigInt(PRE_SKIP + pcm.length * TICKS_PER_SAMPLE));
  } finally {
    encoder.release();
  }
}
