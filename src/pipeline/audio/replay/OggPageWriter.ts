import { oggCrc } from './oggCrc.js';

const HEADER_BYTES = 27;
const MAX_SEGMENTS = 255;
const FLAG_BOS = 0x02;
const FLAG_EOS = 0x04;

/**
 * Writes one logical Ogg stream (RFC 3533), a page at a time. Packets are never split across pages: each page
 * holds whole packets (at most 255 lacing values), so every page's granule position is that of its last packet.
 */
export class OggPageWriter {
  private readonly pages: Buffer[] = [];
  private sequence = 0;
  private pending: Buffer[] = [];
  private pendingSegments = 0;
  private pendingGranule = 0n;

  constructor(private readonly serial: number) {}

  /** A page of its own (the identification and comment headers must each start one). */
  writeHeaderPage(packet: Buffer, first: boolean): void {
    this.flush(false);
    this.page([packet], 0n, first ? FLAG_BOS : 0);
  }

  /** Adds an audio packet; `granule` is the stream position (48 kHz samples for Opus) at the end of this packet. */
  writePacket(packet: Buffer, granule: bigint): void {
    const segments = segmentCount(packet.length);
    if (segments > MAX_SEGMENTS) throw new Error(`Ogg packet of ${packet.length} bytes does not fit one page`);
    if (this.pendingSegments + segments > MAX_SEGMENTS) this.flush(false);
    this.pending.push(packet);
    this.pendingSegments += segments;
    this.pendingGranule = granule;
  }

  /** Closes a page now (e.g. every second of audio, so a player can seek); no-op when nothing is waiting. */
  flush(last: boolean): void {
    if (this.pending.length === 0) return;
    this.page(this.pending, this.pendingGranule, last ? FLAG_EOS : 0);
    this.pending = [];
    this.pendingSegments = 0;
  }

  /** The whole stream; the last page carries end-of-stream and `finalGranule` (which may trim the last packet). */
  finish(finalGranule: bigint): Buffer {
    this.pendingGranule = finalGranule;
    this.flush(true);
    return Buffer.concat(this.pages);
  }

  private page(packets: Buffer[], granule: bigint, flags: number): void {
    const lacing: number[] = [];
    for (const p of packets) {
      for (let left = p.length; ; left -= 255) {
        lacing.push(Math.min(left, 255));
        if (left < 255) break;
      }
    }
    const body = Buffer.concat(packets);
    const page = Buffer.alloc(HEADER_BYTES + lacing.length + body.length);
    page.write('OggS', 0, 'ascii');
    page.writeUInt8(0, 4); // stream structure version
    page.writeUInt8(flags, 5);
    page.writeBigInt64LE(granule, 6);
    page.writeUInt32LE(this.serial, 14);
    page.writeUInt32LE(this.sequence++, 18);
    page.writeUInt32LE(0, 22); // checksum, filled below over the page with this field zero
    page.writeUInt8(lacing.length, 26);
    Buffer.from(lacing).copy(page, HEADER_BYTES);
    body.copy(page, HEADER_BYTES + lacing.length);
    page.writeUInt32LE(oggCrc(page), 22);
    this.pages.push(page);
  }
}

/** Lacing values a packet takes: one per 255 bytes, plus the terminating one (0 when the length is a multiple of 255). */
function segmentCount(length: number): number {
  return Math.floor(length / 255) + 1;
}
