/** Raw s16le bytes → samples, whatever the host's byte order; a dangling odd byte is dropped. */
export function s16leToInt16(bytes: Uint8Array): Int16Array {
  const count = Math.floor(bytes.length / 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/** The sample rate in a PCM mime type such as `audio/L16;codec=pcm;rate=24000`. */
export function rateFromMimeType(mimeType: string | undefined, fallback: number): number {
  const match = /rate=(\d+)/i.exec(mimeType ?? '');
  const rate = match?.[1] === undefined ? NaN : Number(match[1]);
  return Number.isInteger(rate) && rate >= 8000 && rate <= 96000 ? rate : fallback;
}
