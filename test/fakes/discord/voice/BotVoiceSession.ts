import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';

/** What the bot sent in voice op 0 IDENTIFY. */
export interface IdentifyInfo {
  serverId: string;
  userId: string;
  sessionId: string;
  token: string;
  maxDaveProtocolVersion: number;
}

export interface UdpAddress {
  address: string;
  port: number;
}

/**
 * The server side of one bot voice session: created by IDENTIFY, survives RESUME (a new socket attaches to it),
 * replaced by the next IDENTIFY. Owns the transport key and the per-session message sequence.
 */
export class BotVoiceSession {
  readonly secretKey: Buffer = randomBytes(32);
  /** Negotiated in op 4; 0 means DAVE is off for this session. */
  daveProtocolVersion = 0;
  /** Set once op 4 SESSION_DESCRIPTION went out: from then on the bot sends and receives RTP. */
  ready = false;
  /** Where the bot's UDP socket is, from IP discovery / SELECT_PROTOCOL. */
  udpRemote: UdpAddress | undefined;
  /** The bot's current MLS key package (op 26), replaced whenever the bot re-initialises DAVE. */
  keyPackage: Buffer | undefined;
  /** Whether IDENTIFY succeeded; false after the session was superseded or killed. */
  alive = true;
  private socket: WebSocket | undefined;
  private sequence = 0;

  constructor(
    readonly identify: IdentifyInfo,
    readonly ssrc: number,
  ) {}

  get connected(): boolean {
    return this.socket !== undefined && this.socket.readyState === this.socket.OPEN;
  }

  /** The last sequence number the server stamped on a message to this session. */
  get lastSequence(): number {
    return this.sequence;
  }

  attach(socket: WebSocket): void {
    if (this.socket && this.socket !== socket) this.socket.terminate();
    this.socket = socket;
  }

  detach(socket: WebSocket): void {
    if (this.socket === socket) this.socket = undefined;
  }

  /** JSON message `{op, d, seq}`; v8 clients take `seq` for their heartbeat `seq_ack`. */
  sendJson(op: number, d: unknown): void {
    if (!this.connected) return;
    this.sequence = (this.sequence + 1) & 0xffff;
    this.socket?.send(JSON.stringify({ op, d, seq: this.sequence }));
  }

  /** Binary message `[u16 seq][u8 op][payload]` (DAVE opcodes 25, 27, 29, 30). */
  sendBinary(op: number, payload: Buffer): void {
    if (!this.connected) return;
    this.sequence = (this.sequence + 1) & 0xffff;
    const head = Buffer.alloc(3);
    head.writeUInt16BE(this.sequence, 0);
    head.writeUInt8(op, 2);
    this.socket?.send(Buffer.concat([head, payload]));
  }

  /** Closes the current socket with `code`, as Discord does when it drops or rejects a session. */
  closeSocket(code: number, reason = ''): void {
    this.socket?.close(code, reason);
  }
}
