/**
 * A minimal Ogg Opus muxer (RFC 3533 pages, RFC 7845 headers) for fixtures: wraps already-encoded Opus packets so
 * tests can make files with exact contents (a truthful 2-hour file, a lying end position) without an encoder run.
 */
import { oggCrc } from '../../src/pipeline/audio/replay/oggCrc.js';

export interface OggOpusOptions {
  channels?: number;
  preSkip?: number;
  /** 48 kHz samples per packet. */
  frameSamples?: number;
  /** Overrides the last page's granule position (to make a file lie about its length). */
  endGranule?: number;
  packetsPerPage?: number;
}

function page(packets: Buffer[], granule: bigint, serial: number, sequence: number, flags: number): Buffer {
  const lacing: number[] = [];
  for (const p of packets) {
    for (let left = p.length; ; left -= 255) {
      lacing.push(Math.min(255, left));
      if (left < 255) break;
    }
  }
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'latin1');
  header[4] = 0;
  header[5] = flags;
  header.writeBigInt64LE(granule, 6);
  header.writeUInt32LE(serial, 14);
  header.writeUInt32LE(sequence, 18);
  header[26] = lacing.length;
  Buffer.from(lacing).copy(header, 27);
  const out = Buffer.concat([header, ...packets]);
  out.writeUInt32LE(oggCrc(out), 22);
  return out;
}

export function writeOggOpus(packets: readonly Buffer[], options: OggOpusOptions = {}): Buffer {
  const channels = options.channels ?? 2;
  const preSkip = options.preSkip ?? 312;
  const frame = options.frameSamples ?? 960;
  const perPage = options.packetsPerPage ?? 50;
  const serial = 0x1c0ac4;
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1;
  head[9] = channels;
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(48000, 12);
  const vendor = Buffer.from('interview-coach test muxer');
  const tags = Buffer.alloc(16 + vendor.length);
  tags.write('OpusTags', 0, 'latin1');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  const pages = [page([head], 0n, serial, 0, 0x02), page([tags], 0n, serial, 1, 0)];
  let granule = BigInt(preSkip);
  for (let i = 0, seq = 2; i < packets.length; i += perPage, seq++) {
    const group = packets.slice(i, i + perPage);
    granule += BigInt(group.length * frame);
    const last = i + perPage >= packets.length;
    const g = last && options.endGranule !== undefined ? BigInt(options.endGranule) : granule;
    pages.push(page([...group], g, serial, seq, last ? 0x04 : 0));
  }
  return Buffer.concat(pages);
}
