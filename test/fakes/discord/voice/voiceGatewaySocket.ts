import type { RawData, WebSocket } from 'ws';
import type { BotVoiceSession, IdentifyInfo } from './BotVoiceSession.js';
import { VoiceOp } from './voiceOpcodes.js';

/** One message the bot sent on the voice gateway: JSON `{op, d}` or binary `[u8 op][payload]`. */
export type BotMessage =
  | { kind: 'json'; op: number; d: unknown; at: number }
  | { kind: 'binary'; op: number; payload: Buffer; at: number };

export interface ResumeInfo {
  serverId: string;
  sessionId: string;
  token: string;
  seqAck: number;
}

export interface GatewayHandlers {
  heartbeatIntervalMs(): number;
  /** Returns the new session, or undefined after closing the socket (e.g. bad token). */
  identify(socket: WebSocket, info: IdentifyInfo): BotVoiceSession | undefined;
  resume(socket: WebSocket, info: ResumeInfo): BotVoiceSession | undefined;
  /** Every message after IDENTIFY/RESUME, heartbeats included (already answered). */
  message(session: BotVoiceSession, message: BotMessage): void;
  closed(session: BotVoiceSession | undefined, code: number, reason: string): void;
  /** A message the fake could not parse; recorded so tests can assert there were none. */
  protocolError(error: Error): void;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' ? field : undefined;
}

export function numberField(value: unknown, key: string): number | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === 'number' ? field : undefined;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function parseMessage(data: RawData, isBinary: boolean): BotMessage {
  const buffer = toBuffer(data);
  const at = Date.now();
  if (isBinary) return { kind: 'binary', op: buffer.readUInt8(0), payload: buffer.subarray(1), at };
  const parsed: unknown = JSON.parse(buffer.toString('utf8'));
  const op = numberField(parsed, 'op');
  if (op === undefined || !isRecord(parsed)) throw new Error(`voice gateway message without op: ${buffer}`);
  return { kind: 'json', op, d: parsed.d, at };
}

function parseIdentify(d: unknown): IdentifyInfo | undefined {
  const serverId = stringField(d, 'server_id');
  const userId = stringField(d, 'user_id');
  const sessionId = stringField(d, 'session_id');
  const token = stringField(d, 'token');
  if (!serverId || !userId || !sessionId || !token) return undefined;
  const maxDaveProtocolVersion = numberField(d, 'max_dave_protocol_version') ?? 0;
  return { serverId, userId, sessionId, token, maxDaveProtocolVersion };
}

function parseResume(d: unknown): ResumeInfo | undefined {
  const serverId = stringField(d, 'server_id');
  const sessionId = stringField(d, 'session_id');
  const token = stringField(d, 'token');
  if (!serverId || !sessionId || !token) return undefined;
  return { serverId, sessionId, token, seqAck: numberField(d, 'seq_ack') ?? -1 };
}

/**
 * Runs one voice gateway socket: HELLO on open (as Discord does), heartbeat ACKs, and binding the socket to a
 * session through IDENTIFY or RESUME; everything else goes to `handlers.message`.
 */
export function serveGatewaySocket(socket: WebSocket, handlers: GatewayHandlers): void {
  let session: BotVoiceSession | undefined;
  socket.send(JSON.stringify({ op: VoiceOp.Hello, d: { v: 8, heartbeat_interval: handlers.heartbeatIntervalMs() } }));

  socket.on('message', (data, isBinary) => {
    let message: BotMessage;
    try {
      message = parseMessage(data, isBinary);
    } catch (error) {
      handlers.protocolError(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (message.kind === 'json' && message.op === VoiceOp.Heartbeat) {
      // v8 echoes the client's nonce `t`; the client measures ping from it.
      socket.send(JSON.stringify({ op: VoiceOp.HeartbeatAck, d: { t: numberField(message.d, 't') ?? 0 } }));
    }
    if (!session && message.kind === 'json' && message.op === VoiceOp.Identify) {
      const info = parseIdentify(message.d);
      if (!info) return handlers.protocolError(new Error('malformed IDENTIFY'));
      session = handlers.identify(socket, info);
    } else if (!session && message.kind === 'json' && message.op === VoiceOp.Resume) {
      const info = parseResume(message.d);
      if (!info) return handlers.protocolError(new Error('malformed RESUME'));
      session = handlers.resume(socket, info);
    }
    if (session) handlers.message(session, message);
  });

  socket.on('close', (code, reason) => {
    session?.detach(socket);
    handlers.closed(session, code, reason.toString('utf8'));
  });
  socket.on('error', (error) => handlers.protocolError(error));
}
