import { createCipheriv, createDecipheriv } from 'node:crypto';

/*
 * RTP with Discord's `aead_aes256_gcm_rtpsize` transport encryption:
 *   [12-byte RTP header][0xBEDE + u16 word count, if X bit][ciphertext of (extension body ‖ Opus ‖ padding)]
 *   [16-byte GCM tag][u32 nonce counter]
 * AAD is everything before the ciphertext; the 12-byte IV is the counter big-endian followed by 8 zero bytes.
 */

export const RTP_OPUS_PAYLOAD_TYPE = 120;
const RTP_HEADER_SIZE = 12;
const EXTENSION_HEADER_SIZE = 4;
const ONE_BYTE_EXTENSION_PROFILE = 0xbede;
const AUTH_TAG_SIZE = 16;
const NONCE_SIZE = 4;
const SECRET_KEY_SIZE = 32;

export interface RtpFields {
  sequence: number;
  timestamp: number;
  ssrc: number;
}

export interface SealOptions {
  /** Header-extension body (multiple of 4 bytes) sent encrypted after a clear 0xBEDE header, as Discord does. */
  extension?: Buffer;
  /** RTP padding bytes to append inside the ciphertext (sets the P bit); the last one holds the count. */
  padding?: number;
}

export interface OpenedRtpPacket extends RtpFields {
  payloadType: number;
  /** The media payload with extension body and padding removed. */
  payload: Buffer;
  /** The decrypted header-extension body, empty when the X bit was clear. */
  extension: Buffer;
  nonce: number;
}

function ivFor(nonce: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(nonce >>> 0, 0);
  return iv;
}

function checkKey(secretKey: Uint8Array): void {
  if (secretKey.byteLength !== SECRET_KEY_SIZE) throw new RangeError('aead_aes256_gcm_rtpsize needs a 32-byte key');
}

/** Builds one encrypted RTP packet carrying `payload`. */
export function sealRtpPacket(
  fields: RtpFields,
  payload: Buffer,
  secretKey: Uint8Array,
  nonce: number,
  options: SealOptions = {},
): Buffer {
  checkKey(secretKey);
  const extension = options.extension ?? Buffer.alloc(0);
  if (extension.length % 4 !== 0) throw new RangeError('RTP extension body must be a multiple of 4 bytes');
  const padding = options.padding ?? 0;
  if (padding < 0 || padding > 255) throw new RangeError('RTP padding must be 0–255 bytes');
  const header = Buffer.alloc(RTP_HEADER_SIZE);
  header[0] = 0x80 | (padding > 0 ? 0x20 : 0) | (extension.length > 0 ? 0x10 : 0);
  header[1] = RTP_OPUS_PAYLOAD_TYPE;
  header.writeUInt16BE(fields.sequence & 0xffff, 2);
  header.writeUInt32BE(fields.timestamp >>> 0, 4);
  header.writeUInt32BE(fields.ssrc >>> 0, 8);
  let clear = header;
  if (extension.length > 0) {
    const extensionHeader = Buffer.alloc(EXTENSION_HEADER_SIZE);
    extensionHeader.writeUInt16BE(ONE_BYTE_EXTENSION_PROFILE, 0);
    extensionHeader.writeUInt16BE(extension.length / 4, 2);
    clear = Buffer.concat([header, extensionHeader]);
  }
  const paddingBytes = Buffer.alloc(padding);
  if (padding > 0) paddingBytes[padding - 1] = padding;
  const cipher = createCipheriv('aes-256-gcm', secretKey, ivFor(nonce));
  cipher.setAAD(clear);
  const encrypted = Buffer.concat([cipher.update(Buffer.concat([extension, payload, paddingBytes])), cipher.final()]);
  const nonceBytes = Buffer.alloc(NONCE_SIZE);
  nonceBytes.writeUInt32BE(nonce >>> 0, 0);
  return Buffer.concat([clear, encrypted, cipher.getAuthTag(), nonceBytes]);
}

/** Whether a datagram looks like RTP version 2 (as opposed to IP discovery or a keep-alive). */
export function isRtpPacket(datagram: Buffer): boolean {
  return datagram.length >= RTP_HEADER_SIZE + AUTH_TAG_SIZE + NONCE_SIZE && datagram[0] !== undefined &&
    datagram[0] >> 6 === 2;
}

/** Decrypts and parses one RTP packet; throws when authentication fails. */
export function openRtpPacket(datagram: Buffer, secretKey: Uint8Array): OpenedRtpPacket {
  checkKey(secretKey);
  const first = datagram.readUInt8(0);
  const csrcCount = first & 0x0f;
  let clearSize = RTP_HEADER_SIZE + csrcCount * 4;
  let extensionWords = 0;
  if (first & 0x10) {
    extensionWords = datagram.readUInt16BE(clearSize + 2);
    clearSize += EXTENSION_HEADER_SIZE;
  }
  const tagStart = datagram.length - AUTH_TAG_SIZE - NONCE_SIZE;
  const nonce = datagram.readUInt32BE(datagram.length - NONCE_SIZE);
  const decipher = createDecipheriv('aes-256-gcm', secretKey, ivFor(nonce));
  decipher.setAAD(datagram.subarray(0, clearSize));
  decipher.setAuthTag(datagram.subarray(tagStart, tagStart + AUTH_TAG_SIZE));
  const plain = Buffer.concat([decipher.update(datagram.subarray(clearSize, tagStart)), decipher.final()]);
  const padding = first & 0x20 ? (plain[plain.length - 1] ?? 0) : 0;
  return {
    payloadType: datagram.readUInt8(1) & 0x7f,
    sequence: datagram.readUInt16BE(2),
    timestamp: datagram.readUInt32BE(4),
    ssrc: datagram.readUInt32BE(8),
    extension: plain.subarray(0, extensionWords * 4),
    payload: plain.subarray(extensionWords * 4, plain.length - padding),
    nonce,
  };
}
