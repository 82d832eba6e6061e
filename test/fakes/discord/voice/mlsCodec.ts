/**
 * The few pieces of the TLS presentation language that MLS (RFC 9420 §2.1) needs for the structures the fake voice
 * server builds. Vectors use MLS's variable-length integer prefix, not TLS's fixed-width one.
 */

const MAX_VARINT = 2 ** 30 - 1;

/** MLS variable-length length prefix: 1, 2 or 4 bytes, the top two bits of the first byte give the width. */
export function encodeVarint(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > MAX_VARINT) {
    throw new RangeError(`MLS varint out of range: ${value}`);
  }
  if (value < 0x40) return Buffer.from([value]);
  if (value < 0x4000) {
    const out = Buffer.alloc(2);
    out.writeUInt16BE(value | 0x4000);
    return out;
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE((value | 0x80000000) >>> 0);
  return out;
}

/** Reads an MLS varint at `offset`; returns the value and the offset just past it. */
export function decodeVarint(buffer: Buffer, offset: number): { value: number; next: number } {
  const first = buffer.readUInt8(offset);
  const prefix = first >> 6;
  if (prefix === 0) return { value: first, next: offset + 1 };
  if (prefix === 1) return { value: buffer.readUInt16BE(offset) & 0x3fff, next: offset + 2 };
  if (prefix === 2) return { value: buffer.readUInt32BE(offset) & 0x3fffffff, next: offset + 4 };
  throw new RangeError('MLS varint with prefix 0b11 is invalid');
}

/** `opaque data<V>`: the bytes with their varint length in front. */
export function opaque(data: Uint8Array): Buffer {
  return Buffer.concat([encodeVarint(data.byteLength), data]);
}

export function uint8(value: number): Buffer {
  return Buffer.from([value]);
}

export function uint16(value: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(value);
  return out;
}

export function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

export function uint64(value: bigint): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(value);
  return out;
}

/**
 * DAVE names MLS groups and credentials by Discord snowflakes written as big-endian u64 (channel id = group id,
 * user id = basic credential identity).
 */
export function snowflakeBytes(snowflake: string): Buffer {
  return uint64(BigInt(snowflake));
}
