/*
 * Voice UDP IP discovery (74 bytes both ways): request `[u16 1][u16 70][u32 ssrc][66 zero bytes]`, reply
 * `[u16 2][u16 70][u32 ssrc][64-byte NUL-padded address][u16 port]` telling the client its address as seen by Discord.
 */

const PACKET_SIZE = 74;
const REQUEST = 1;
const RESPONSE = 2;
const BODY_LENGTH = 70;

/** The SSRC of an IP discovery request, or undefined if the datagram is something else. */
export function ipDiscoveryRequestSsrc(datagram: Buffer): number | undefined {
  if (datagram.length !== PACKET_SIZE || datagram.readUInt16BE(0) !== REQUEST) return undefined;
  return datagram.readUInt32BE(4);
}

export function ipDiscoveryReply(ssrc: number, address: string, port: number): Buffer {
  const reply = Buffer.alloc(PACKET_SIZE);
  reply.writeUInt16BE(RESPONSE, 0);
  reply.writeUInt16BE(BODY_LENGTH, 2);
  reply.writeUInt32BE(ssrc, 4);
  reply.write(address, 8, 64, 'utf8');
  reply.writeUInt16BE(port, PACKET_SIZE - 2);
  return reply;
}
