import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { filterForIntents } from './intents.js';
import { getBoolean, getNumber, getObject, getString, isJsonObject, parseJson, type Json, type JsonObject } from './json.js';
import { readShard, shardReceives, type ShardPair } from './sharding.js';
import type { IdentifyRecord, VoiceStateRequest } from './types.js';

const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** What the gateway needs from the rest of the fake. */
export interface GatewayWorld {
  readonly botId: string;
  readonly expectedToken: string | undefined;
  /** Privileged intents the application is not approved for; identifying with them closes with 4014. */
  readonly disallowedIntents: number;
  /** READY for a session of one shard: only that shard's guilds are listed. */
  readyData(sessionId: string, resumeUrl: string, shard: ShardPair): JsonObject;
  /** GUILD_CREATE of each guild on the shard. */
  guildCreates(shard: ShardPair): JsonObject[];
  guildMembersChunk(request: JsonObject): JsonObject | undefined;
  voiceStateRequest(request: VoiceStateRequest): void;
  changed(): void;
}

export interface ReceivedFrame {
  op: number;
  d: Json | undefined;
  at: number;
}

export interface DispatchRecord {
  event: string;
  data: JsonObject;
  /** Sessions it reached after intent filtering. */
  delivered: number;
  at: number;
}

class GatewaySession {
  seq = 0;
  intents = 0;
  ready = false;
  shard: ShardPair = [0, 1];
  readonly sessionId = randomBytes(16).toString('hex');

  constructor(readonly socket: WebSocket) {}

  send(payload: JsonObject): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(payload));
  }

  dispatch(event: string, data: JsonObject): void {
    this.seq += 1;
    this.send({ op: Op.Dispatch, t: event, s: this.seq, d: data });
  }
}

/** Gateway v10 over plain ws://, JSON encoding, no compression (discord.js uses none without zlib-sync). */
export class FakeGateway {
  readonly identifies: IdentifyRecord[] = [];
  readonly received: ReceivedFrame[] = [];
  readonly dispatches: DispatchRecord[] = [];
  heartbeatAcks = 0;
  private readonly sessions = new Set<GatewaySession>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private url = '';

  constructor(
    private readonly world: GatewayWorld,
    private readonly options: { heartbeatIntervalMs: number; enforceIntents: boolean },
  ) {}

  attach(server: Server, path: string, wsBaseUrl: string): void {
    this.url = `${wsBaseUrl}${path}`;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (pathname !== path) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  get gatewayUrl(): string {
    return this.url;
  }

  get readySessionCount(): number {
    return [...this.sessions].filter((s) => s.ready).length;
  }

  /** The intents of the most recent identify, or undefined before login. */
  get intents(): number | undefined {
    return this.identifies.at(-1)?.intents;
  }

  /** Ready sessions by shard id (several when more than one client identified as the same shard). */
  readyShards(): ShardPair[] {
    return [...this.sessions].filter((s) => s.ready).map((s) => s.shard);
  }

  /**
   * Sends a dispatch to every identified session whose shard the event's guild maps to (`(guild_id >> 22) %
   * num_shards`; events without a guild go to shard 0), applying intent rules; returns how many received it.
   */
  dispatch(event: string, data: JsonObject): number {
    let delivered = 0;
    for (const session of this.sessions) {
      if (!session.ready || !shardReceives(session.shard, event, data)) continue;
      const filtered = this.options.enforceIntents ? filterForIntents(event, data, session.intents, this.world.botId) : data;
      if (!filtered) continue;
      session.dispatch(event, filtered);
      delivered += 1;
    }
    this.dispatches.push({ event, data, delivered, at: Date.now() });
    this.world.changed();
    return delivered;
  }

  /** Closes every client connection with a code (4000–4999 lets discord.js resume/reconnect). */
  closeConnections(code = 4000, reason = 'FakeDiscord closed the connection'): void {
    for (const session of this.sessions) session.socket.close(code, reason);
  }

  async close(): Promise<void> {
    for (const session of this.sessions) session.socket.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const session = new GatewaySession(socket);
    this.sessions.add(session);
    socket.on('message', (raw: RawData) => this.onFrame(session, raw));
    socket.on('close', () => {
      this.sessions.delete(session);
      this.world.changed();
    });
    socket.on('error', () => this.sessions.delete(session));
    session.send({ op: Op.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null });
  }

  private onFrame(session: GatewaySession, raw: RawData): void {
    let frame: Json;
    try {
      frame = parseJson(rawToString(raw));
    } catch {
      session.socket.close(4002, 'Error while decoding payload.');
      return;
    }
    if (!isJsonObject(frame)) return;
    const op = getNumber(frame, 'op') ?? -1;
    const d = frame['d'];
    this.received.push({ op, d, at: Date.now() });
    switch (op) {
      case Op.Heartbeat:
        this.heartbeatAcks += 1;
        session.send({ op: Op.HeartbeatAck });
        break;
      case Op.Identify:
        if (isJsonObject(d)) this.identify(session, d);
        break;
      case Op.Resume:
        // Events are not replayed: the fake never drops a connection on its own.
        session.ready = true;
        session.dispatch('RESUMED', {});
        break;
      case Op.VoiceStateUpdate:
        if (isJsonObject(d)) this.world.voiceStateRequest(readVoiceStateRequest(d));
        break;
      case Op.RequestGuildMembers:
        if (isJsonObject(d)) {
          const chunk = this.world.guildMembersChunk(d);
          if (chunk) session.dispatch('GUILD_MEMBERS_CHUNK', chunk);
        }
        break;
      default:
        break;
    }
    this.world.changed();
  }

  private identify(session: GatewaySession, d: JsonObject): void {
    const token = getString(d, 'token') ?? '';
    const intents = getNumber(d, 'intents') ?? 0;
    const shard = readShard(d);
    this.identifies.push({
      token,
      intents,
      properties: getObject(d, 'properties') ?? {},
      shard: shard === 'invalid' ? undefined : shard,
      at: Date.now(),
    });
    const expected = this.world.expectedToken;
    if (expected !== undefined && token.replace(/^Bot /, '') !== expected) {
      session.socket.close(4004, 'Authentication failed.');
      return;
    }
    if ((intents & this.world.disallowedIntents) !== 0) {
      session.socket.close(4014, 'Disallowed intent(s).');
      return;
    }
    if (shard === 'invalid') {
      session.socket.close(4010, 'Invalid shard.');
      return;
    }
    session.intents = intents;
    session.shard = shard ?? [0, 1];
    session.ready = true;
    session.dispatch('READY', this.world.readyData(session.sessionId, this.url, session.shard));
    for (const guild of this.world.guildCreates(session.shard)) session.dispatch('GUILD_CREATE', guild);
  }
}

function readVoiceStateRequest(d: JsonObject): VoiceStateRequest {
  const channelId = d['channel_id'];
  return {
    guildId: getString(d, 'guild_id') ?? '',
    channelId: typeof channelId === 'string' ? channelId : null,
    selfMute: getBoolean(d, 'self_mute') ?? false,
    selfDeaf: getBoolean(d, 'self_deaf') ?? false,
    at: Date.now(),
  };
}

function rawToString(raw: RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw).toString('utf8');
}
