import { describe, expect, it } from 'vitest';
import { encodeOggOpus, oggOpusDurationSec, voiceWaveform } from '../../src/pipeline/audio/replay/index.js';
import { oggCrc } from '../../src/pipeline/audio/replay/oggCrc.js';
import { encodeFixture } from '../helpers/audioFixtures.js';
import { decodeWithOpusdec } from './decodeOgg.js';

const RATE = 16000;

function tone(seconds: number, hz = 220): Int16Array {
  const pcm = new Int16Array(Math.round(seconds * RATE));
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / RATE));
  return pcm;
}

/** The pages of an Ogg stream: header type, granule, and whether the stored CRC matches one recomputed. */
function pages(ogg: Buffer): { flags: number; granule: bigint; crcOk: boolean; sequence: number }[] {
  const out: { flags: number; granule: bigint; crcOk: boolean; sequence: number }[] = [];
  for (let at = 0; at < ogg.length; ) {
    expect(ogg.toString('ascii', at, at + 4)).toBe('OggS');
    const segments = ogg[at + 26] ?? 0;
    let size = 27 + segments;
    for (let i = 0; i < segments; i++) size += ogg[at + 27 + i] ?? 0;
    const page = Buffer.from(ogg.subarray(at, at + size));
    const stored = page.readUInt32LE(22);
    page.writeUInt32LE(0, 22);
    out.push({ flags: page[5] ?? 0, granule: page.readBigInt64LE(6), crcOk: oggCrc(page) === stored, sequence: page.readUInt32LE(18) });
    at += size;
  }
  return out;
}

describe('Ogg Opus encoder', () => {
  it('computes the Ogg CRC as opusenc/ffmpeg wrote it in a real file', async () => {
    const real = await encodeFixture(tone(1.5), 'ogg');
    const found = pages(real);
    expect(found.length).toBeGreaterThan(2);
    expect(found.every((p) => p.crcOk)).toBe(true);
  });

  it('writes pages opusdec decodes to exactly the input length, with BOS/EOS, headers and rising granules', async () => {
    const pcm = tone(3.37);
    const ogg = await encodeOggOpus(pcm);
    const found = pages(ogg);
    expect(found.every((p) => p.crcOk)).toBe(true);
    expect(found.map((p) => p.sequence)).toEqual(found.map((_, i) => i));
    expect(found[0]?.flags).toBe(0x02);
    expect(found.at(-1)?.flags).toBe(0x04);
    expect(ogg.toString('ascii', 28, 36)).toBe('OpusHead');
    const granules = found.slice(2).map((p) => Number(p.granule));
    expect(granules).toEqual([...granules].sort((a, b) => a - b));
    expect(granules.at(-1)).toBe(312 + pcm.length * 3);

    const decoded = await decodeWithOpusdec(ogg);
    expect(decoded.length).toBe(pcm.length * 3);
    expect(decoded.length / 48000).toBeCloseTo(oggOpusDurationSec(pcm.length), 6);
    // The tone survives (not silence, not noise): its energy is close to the input's.
    const rms = (a: Int16Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
    expect(rms(decoded) / rms(pcm)).toBeGreaterThan(0.8);
    expect(rms(decoded) / rms(pcm)).toBeLessThan(1.2);
  });

  it('encodes an empty answer as a valid, empty file', async () => {
    const decoded = await decodeWithOpusdec(await encodeOggOpus(new Int16Array(0)));
    expect(decoded.length).toBe(0);
  });

  it('draws a waveform of at most 256 points, one per 100 ms, loudest at 255', () => {
    const short = Buffer.from(voiceWaveform(tone(2)), 'base64');
    expect(short.length).toBe(20);
    expect(Math.max(...short)).toBe(255);
    const long = Buffer.from(voiceWaveform(tone(60)), 'base64');
    expect(long.length).toBe(256);
  });
});
