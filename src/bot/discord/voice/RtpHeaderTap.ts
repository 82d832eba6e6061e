import {
  RTP_OPUS_PAYLOAD_TYPE,
  type Networking,
  type NetworkingState,
  type VoiceConnection,
  type VoiceConnectionState,
  type VoiceUDPSocket,
} from '@discordjs/voice';
import { enlargeReceiveBuffer } from './enlargeReceiveBuffer.js';

/** The clear part of an RTP header that places a packet on the answer's timeline. */
export interface RtpHeader {
  sequence: number;
  timestamp: number;
}

/**
 * @discordjs/voice hands receive streams the Opus payload only, without the RTP sequence number and timestamp
 * that say where silences were. This listens on the same UDP socket, ahead of the library's own receiver, and
 * remembers the last header per SSRC; the receive stream then delivers that packet's payload synchronously, so
 * `take(ssrc)` in a stream's `data` handler returns the header of the payload being handled. A header missing
 * (payload delivered later, or not an audio packet) is reported as undefined and the caller estimates it.
 * Follows the connection across reconnects, which replace the UDP socket, and enlarges each socket's receive buffer.
 */
export class RtpHeaderTap {
  readonly #latest = new Map<number, RtpHeader>();
  #connection: VoiceConnection | undefined;
  #networking: Networking | undefined;
  #udp: VoiceUDPSocket | undefined;
  #bufferSet = false;
  /** The receive buffer size the voice socket got (see enlargeReceiveBuffer), once known. */
  receiveBufferBytes: number | null = null;

  constructor(connection: VoiceConnection) {
    this.follow(connection);
  }

  /** Starts following another connection (after the old one was replaced by a fresh join). */
  follow(connection: VoiceConnection): void {
    this.#connection?.off('stateChange', this.#onConnectionState);
    this.#connection = connection;
    connection.on('stateChange', this.#onConnectionState);
    this.#onConnectionState(connection.state, connection.state);
  }

  take(ssrc: number): RtpHeader | undefined {
    const header = this.#latest.get(ssrc);
    if (header) this.#latest.delete(ssrc);
    return header;
  }

  dispose(): void {
    this.#connection?.off('stateChange', this.#onConnectionState);
    this.#bindNetworking(undefined);
    this.#connection = undefined;
    this.#latest.clear();
  }

  readonly #onConnectionState = (_old: VoiceConnectionState, next: VoiceConnectionState): void => {
    this.#bindNetworking('networking' in next ? next.networking : undefined);
  };

  readonly #onNetworkingState = (_old: NetworkingState, next: NetworkingState): void => {
    this.#bindUdp('udp' in next ? next.udp : undefined);
  };

  readonly #onMessage = (message: Buffer): void => {
    if (!this.#bufferSet && this.#udp) {
      // Only a bound socket takes the option; one that receives is bound.
      this.#bufferSet = true;
      this.receiveBufferBytes = enlargeReceiveBuffer(this.#udp);
    }
    if (message.length <= 12 || message[0] === undefined || message[0] >> 6 !== 2) return;
    if (((message[1] ?? 0) & 0x7f) !== RTP_OPUS_PAYLOAD_TYPE) return;
    this.#latest.set(message.readUInt32BE(8), { sequence: message.readUInt16BE(2), timestamp: message.readUInt32BE(4) });
  };

  #bindNetworking(networking: Networking | undefined): void {
    if (networking === this.#networking) return;
    this.#networking?.off('stateChange', this.#onNetworkingState);
    this.#networking = networking;
    networking?.on('stateChange', this.#onNetworkingState);
    const state = networking?.state;
    this.#bindUdp(state && 'udp' in state ? state.udp : undefined);
  }

  #bindUdp(udp: VoiceUDPSocket | undefined): void {
    if (udp === this.#udp) return;
    this.#udp?.off('message', this.#onMessage);
    this.#udp = udp;
    this.#bufferSet = false;
    // Ahead of the library's receiver, so the header is known when the payload reaches the stream.
    udp?.prependListener('message', this.#onMessage);
  }
}
