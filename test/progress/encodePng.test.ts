import { createCanvas, loadImage } from '@napi-rs/canvas';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeRgbaPng } from '../../src/charts/encodePng.js';
import { readPngInfo } from '../../src/charts/index.js';
import { prng } from '../helpers/prng.js';

interface Chunk {
  type: string;
  data: Buffer;
}

/** The PNG's chunks, each checked against its CRC. */
function chunks(png: Buffer): Chunk[] {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out: Chunk[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(zlib.crc32(png.subarray(at + 4, at + 8 + length)));
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

function pixelsOf(width: number, height: number, alpha: (i: number) => number): Uint8ClampedArray {
  const next = prng(7);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < rgba.length; i += 4) {
    // Flat runs and noise, as charts have both.
    const flat = Math.floor(i / 4 / 97) % 2 === 0;
    rgba[i] = flat ? 0x2b : Math.floor(next() * 256);
    rgba[i + 1] = flat ? 0x2d : Math.floor(next() * 256);
    rgba[i + 2] = flat ? 0x31 : Math.floor(next() * 256);
    rgba[i + 3] = alpha(i / 4);
  }
  return rgba;
}

describe('encodeRgbaPng', () => {
  it('stores exactly the given bytes, alpha included, in well-formed chunks', async () => {
    const [width, height] = [37, 23];
    const rgba = pixelsOf(width, height, (i) => (i * 13) % 256);
    const png = await encodeRgbaPng(rgba, width, height);
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const header = parts[0]?.data ?? Buffer.alloc(0);
    expect([header.readUInt32BE(0), header.readUInt32BE(4), ...header.subarray(8)]).toEqual([width, height, 8, 6, 0, 0, 0]);
    const rows = zlib.inflateSync(parts[1]?.data ?? Buffer.alloc(0));
    expect(rows.length).toBe((width * 4 + 1) * height);
    const decoded = Buffer.concat(Array.from({ length: height }, (_, y) => {
      expect(rows[y * (width * 4 + 1)]).toBe(0);
      return rows.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
    }));
    expect(decoded.equals(Buffer.from(rgba.buffer))).toBe(true);
  });

  it('is read back pixel for pixel by an independent decoder', async () => {
    const [width, height] = [120, 80];
    const rgba = pixelsOf(width, height, () => 255);
    const png = await encodeRgbaPng(rgba, width, height);
    expect(readPngInfo(png)).toEqual({ width, height });
    const image = await loadImage(png);
    const canvas = createCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    expect(Buffer.from(ctx.getImageData(0, 0, width, height).data.buffer).equals(Buffer.from(rgba.buffer))).toBe(true);
  });

  it('refuses pixels that do not fill the size', async () => {
    await expect(encodeRgbaPng(new Uint8ClampedArray(10), 2, 2)).rejects.toThrow(RangeError);
  });
});
