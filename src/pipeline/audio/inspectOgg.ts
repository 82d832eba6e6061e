/** What a walk over an Ogg file's page headers tells before anything is decoded. */
export interface OggInfo {
  codec: 'opus' | 'vorbis' | 'flac' | 'speex' | 'unknown';
  /** From OpusHead: 48 kHz samples the decoder output starts with that are not audio. */
  preSkip: number;
  /** Granule position (48 kHz samples incl. pre-skip) at the end of the first logical stream; null if none. */
  endGranule: number | null;
  /** False when the file stops inside a page: cut off while uploading or downloading. */
  complete: boolean;
  /** A packet spans pages (prism-media's demuxer cannot follow those). */
  spansPages: boolean;
}

const HEADER = 27;

export function inspectOgg(data: Buffer): OggInfo {
  const info: OggInfo = { codec: 'unknown', preSkip: 0, endGranule: null, complete: true, spansPages: false };
  let serial: number | null = null;
  let offset = 0;
  while (offset < data.length) {
    if (offset + HEADER > data.length || data.toString('latin1', offset, offset + 4) !== 'OggS') {
      info.complete = false;
      break;
    }
    const flags = data[offset + 5] ?? 0;
    const granule = data.readBigInt64LE(offset + 6);
    const pageSerial = data.readUInt32LE(offset + 14);
    const segments = data[offset + 26] ?? 0;
    if (offset + HEADER + segments > data.length) {
      info.complete = false;
      break;
    }
    let bodyLength = 0;
    for (let i = 0; i < segments; i++) bodyLength += data[offset + HEADER + i] ?? 0;
    const body = offset + HEADER + segments;
    if (body + bodyLength > data.length) {
      info.complete = false;
      break;
    }
    if (serial === null) {
      serial = pageSerial;
      readHead(data.subarray(body, body + bodyLength), info);
    }
    if (pageSerial === serial) {
      if ((flags & 0x01) !== 0) info.spansPages = true;
      // -1: no packet ends on this page.
      if (granule >= 0n) info.endGranule = Number(granule);
    }
    offset = body + bodyLength;
  }
  return info;
}

function readHead(packet: Buffer, info: OggInfo): void {
  if (packet.toString('latin1', 0, 8) === 'OpusHead' && packet.length >= 19) {
    info.codec = 'opus';
    info.preSkip = packet.readUInt16LE(10);
  } else if (packet.toString('latin1', 1, 7) === 'vorbis') {
    info.codec = 'vorbis';
  } else if (packet.toString('latin1', 1, 5) === 'FLAC') {
    info.codec = 'flac';
  } else if (packet.toString('latin1', 0, 8) === 'Speex   ') {
    info.codec = 'speex';
  }
}
