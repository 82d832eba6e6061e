import { TICKS_PER_SAMPLE } from './constants.js';
import { createOpusDecoder, type OpusPacketDecoder } from './opusDecoder.js';
import { PcmBuffer } from './PcmBuffer.js';

/** 20 ms at 16 kHz: assumed for a packet that fails to decode, so the timeline keeps its length. */
const FALLBACK_FRAME = 320;

/**
 * Turns the Opus packets of one file (Ogg or WebM), in order, into 16 kHz mono samples, honouring the stream's
 * pre-skip and end position, and stopping at a capacity.
 */
export class OpusStreamDecoder {
  readonly pcm: PcmBuffer;
  #decoder: OpusPacketDecoder;
  #skip = 0;
  #packets = 0;
  #errors = 0;
  #overflow = false;
  #lastFrame = FALLBACK_FRAME;

  constructor(capacitySamples: number) {
    this.pcm = new PcmBuffer(capacitySamples);
    this.#decoder = createOpusDecoder();
  }

  get packets(): number {
    return this.#packets;
  }

  get errors(): number {
    return this.#errors;
  }

  /** True once a packet did not fit: the stream is longer than the capacity. */
  get overflow(): boolean {
    return this.#overflow;
  }

  /** Reads the pre-skip from an OpusHead packet (Ogg first page, WebM CodecPrivate). */
  setHead(opusHead: Buffer): void {
    if (opusHead.length >= 12 && opusHead.toString('latin1', 0, 8) === 'OpusHead') {
      this.#skip = Math.round(opusHead.readUInt16LE(10) / TICKS_PER_SAMPLE);
    }
  }

  /** Decodes one packet; false once the capacity is exceeded (stop feeding). */
  write(packet: Buffer): boolean {
    this.#packets++;
    let samples: Int16Array;
    try {
      samples = this.#decoder.decode(packet);
      this.#lastFrame = samples.length;
    } catch {
      this.#errors++;
      samples = new Int16Array(this.#lastFrame);
    }
    if (this.#skip > 0) {
      const drop = Math.min(this.#skip, samples.length);
      this.#skip -= drop;
      samples = samples.subarray(drop);
    }
    if (this.pcm.append(samples) < samples.length) this.#overflow = true;
    return !this.#overflow;
  }

  /**
   * Ends decoding; trims the encoder's padding when the container gives the end position (in 48 kHz samples from
   * the start of the stream, pre-skip included).
   */
  finish(endGranule: number | null = null, preSkip = 0): Int16Array {
    this.#decoder.release();
    if (endGranule !== null && endGranule > preSkip) {
      this.pcm.truncate(Math.round((endGranule - preSkip) / TICKS_PER_SAMPLE));
    }
    return this.pcm.toInt16Array();
  }
}
