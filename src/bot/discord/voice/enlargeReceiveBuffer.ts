import { Socket } from 'node:dgram';
import type { VoiceUDPSocket } from '@discordjs/voice';

/** What is asked for; Linux grants up to net.core.rmem_max (and doubles it for bookkeeping). */
export const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Gives the voice UDP socket a larger receive buffer. Every speaker's 50 packets a second arrive on this one
 * socket; the default (~208 KB, a few hundred datagrams) overflows during a 50 ms pause of the event loop once a
 * channel holds dozens of speakers, and the kernel then drops audio silently. The library keeps its dgram socket
 * private, so it is looked up and checked rather than assumed. Returns the size in effect, or null.
 */
export function enlargeReceiveBuffer(udp: VoiceUDPSocket, bytes = RECEIVE_BUFFER_BYTES): number | null {
  const socket: unknown = Reflect.get(udp, 'socket');
  if (!(socket instanceof Socket)) return null;
  try {
    if (socket.getRecvBufferSize() < bytes) socket.setRecvBufferSize(bytes);
    return socket.getRecvBufferSize();
  } catch {
    return null; // not bound yet, or the platform refuses: the default stays
  }
}
