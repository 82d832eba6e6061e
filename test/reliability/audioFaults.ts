/** Bad audio made from good fixtures: cut off, lying about its length, silent. */
import { encodeFixture, prng, synthesizeAnswer } from '../helpers/audioFixtures.js';
import { oggCrc } from '../../src/pipeline/audio/replay/oggCrc.js';

const RATE = 16_000;
const OGG_HEADER = 27;

/** A short spoken answer (about 3 s), so transcription timeouts scale little with length. */
export async function shortSpokenAnswer(): Promise<{ pcm: Int16Array; durationSec: number; ogg: Buffer }> {
  const fixture = await synthesizeAnswer(['I would put a cache in front of the database.']);
  return { pcm: fixture.pcm, durationSec: fixture.durationSec, ogg: await encodeFixture(fixture.pcm, 'ogg') };
}

/** Room noise well under speech level: what a muted or distant microphone records. */
export function roomNoise(seconds: number, amplitude = 40): Int16Array {
  const random = prng(7);
  const pcm = new Int16Array(Math.round(seconds * RATE));
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round((random() * 2 - 1) * amplitude);
  return pcm;
}

interface OggPage {
  offset: number;
  length: number;
}

function oggPages(data: Buffer): OggPage[] {
  const pages: OggPage[] = [];
  let offset = 0;
  while (offset + OGG_HEADER <= data.length && data.toString('latin1', offset, offset + 4) === 'OggS') {
    const segments = data[offset + 26] ?? 0;
    let body = 0;
    for (let i = 0; i < segments; i++) body += data[offset + OGG_HEADER + i] ?? 0;
    const length = OGG_HEADER + segments + body;
    pages.push({ offset, length });
    offset += length;
  }
  return pages;
}

/** The file cut in the middle of a page past its headers, as an interrupted upload leaves it. */
export function truncateOgg(ogg: Buffer): Buffer {
  const pages = oggPages(ogg);
  const page = pages[Math.floor(pages.length / 2)];
  if (!page || pages.length < 3) throw new Error('fixture has too few Ogg pages to cut');
  return ogg.subarray(0, page.offset + Math.floor(page.length / 2));
}

/**
 * The same audio with the last page's granule position moved so the stream declares `seconds` of audio, CRC
 * recomputed: a valid Ogg file, the way a long recording's headers read before anything is decoded.
 */
export function declareOggDuration(ogg: Buffer, seconds: number): Buffer {
  const out = Buffer.from(ogg);
  const last = oggPages(out).at(-1);
  if (!last) throw new Error('no Ogg pages');
  const preSkip = out.readUInt16LE(OGG_HEADER + (out[26] ?? 0) + 10);
  out.writeBigInt64LE(BigInt(Math.round(seconds * 48_000) + preSkip), last.offset + 6);
  out.writeUInt32LE(0, last.offset + 22);
  out.writeUInt32LE(oggCrc(out.subarray(last.offset, last.offset + last.length)), last.offset + 22);
  return out;
}

