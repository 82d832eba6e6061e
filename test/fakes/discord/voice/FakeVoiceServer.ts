import { randomInt } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { EventEmitter, once } from 'node:events';
import { createServer, type Server } from 'node:https';
import { WebSocketServer, type WebSocket } from 'ws';
import { BotVoiceSession, type IdentifyInfo } from './BotVoiceSession.js';
import { DaveGroup } from './DaveGroup.js';
import { createFakeVoiceAdapter, type FakeVoiceAdapterOptions } from './fakeVoiceAdapter.js';
import { FakeSpeaker, type SpeakerTransport } from './FakeSpeaker.js';
import { ipDiscoveryReply, ipDiscoveryRequestSsrc } from './ipDiscovery.js';
import { isRtpPacket, openRtpPacket, sealRtpPacket } from './rtpPacket.js';
import { createSelfSignedCertificate } from './selfSignedCertificate.js';
import { trustCertificate } from './trustCertificate.js';
import { handleBotMessage, type BotSpeakingEvent } from './botMessageHandler.js';
import { serveGatewaySocket, type BotMessage, type ResumeInfo } from './voiceGatewaySocket.js';
import type { BotFrame, FakeVoiceServerEvents, FakeVoiceServerOptions, SocketClose } from './voiceServerTypes.js';
import { ENCRYPTION_MODE, VoiceCloseCode, VoiceOp } from './voiceOpcodes.js';

export type { BotFrame, FakeVoiceServerEvents, FakeVoiceServerOptions, SocketClose } from './voiceServerTypes.js';

/** Header-extension body like Discord clients send (one-byte audio-level element). */
const SPEAKER_RTP_EXTENSION = Buffer.from([0x10, 0x7f, 0x00, 0x00]);
const DEFAULT_CHANNEL_ID = '1000000000000000002';
const WAIT_POLL_MS = 5;

/**
 * Discord's voice server for tests: voice gateway v8 over wss:// (self-signed, trusted in-process) plus the UDP
 * media socket, with `aead_aes256_gcm_rtpsize` and optional DAVE. Simulated users speak through {@link addSpeaker}.
 */
export class FakeVoiceServer extends EventEmitter<FakeVoiceServerEvents> {
  readonly identifies: IdentifyInfo[] = [];
  readonly resumes: ResumeInfo[] = [];
  readonly botMessages: BotMessage[] = [];
  readonly botSpeaking: BotSpeakingEvent[] = [];
  readonly botFrames: BotFrame[] = [];
  readonly socketCloses: SocketClose[] = [];
  /** Anything the fake could not handle (bad frames, MLS failures, bot op 31). Tests should expect it empty. */
  readonly errors: Error[] = [];
  /** Speaker datagrams sealed while no bot session could receive them. */
  undeliveredSpeakerPackets = 0;
  readonly dave: DaveGroup;
  readonly token: string;
  private readonly speakerMap = new Map<string, FakeSpeaker>();
  private readonly sessions = new Set<BotVoiceSession>();
  private current: BotVoiceSession | undefined;
  private transportNonce = 0;

  private constructor(
    private readonly options: FakeVoiceServerOptions,
    private readonly https: Server,
    private readonly wss: WebSocketServer,
    private readonly udp: Socket,
    private readonly untrust: () => void,
  ) {
    super();
    this.token = options.token ?? 'fake-voice-token';
    this.dave = new DaveGroup(options.channelId ?? DEFAULT_CHANNEL_ID, (error) => this.fail(error));
    wss.on('connection', (socket) => this.serve(socket));
    udp.on('message', (message, remote) => this.onDatagram(message, remote));
    udp.on('error', (error) => this.fail(error));
    wss.on('error', (error) => this.fail(error));
  }

  /** Starts TLS WebSocket + UDP listeners on 127.0.0.1 (random ports) and trusts the certificate in this process. */
  static async start(options: FakeVoiceServerOptions = {}): Promise<FakeVoiceServer> {
    const { keyPem, certPem } = createSelfSignedCertificate();
    const https = createServer({ key: keyPem, cert: certPem });
    const wss = new WebSocketServer({ server: https });
    const udp = createSocket('udp4');
    https.listen(0, '127.0.0.1');
    udp.bind(0, '127.0.0.1');
    await Promise.all([once(https, 'listening'), once(udp, 'listening')]);
    return new FakeVoiceServer(options, https, wss, udp, trustCertificate(certPem));
  }

  /** `host:port` to put in VOICE_SERVER_UPDATE.endpoint. */
  get endpoint(): string {
    const address = this.https.address();
    if (!address || typeof address === 'string') throw new Error('fake voice server is not listening');
    return `127.0.0.1:${address.port}`;
  }

  get udpPort(): number {
    return this.udp.address().port;
  }

  /** Simulated users by user id. */
  get speakers(): ReadonlyMap<string, FakeSpeaker> {
    return this.speakerMap;
  }

  /** The bot session created by the latest IDENTIFY, if any. */
  get session(): BotVoiceSession | undefined {
    return this.current;
  }

  /** An adapterCreator for `joinVoiceChannel` that answers joins itself (see {@link createFakeVoiceAdapter}). */
  adapter(options: Omit<FakeVoiceAdapterOptions, 'endpoint' | 'token'>): ReturnType<typeof createFakeVoiceAdapter> {
    return createFakeVoiceAdapter({
      ...options,
      endpoint: this.endpoint,
      token: this.token,
      onJoin: (request) => {
        if (request.channelId) this.dave.setChannel(request.channelId);
        options.onJoin?.(request);
      },
    });
  }

  /**
   * A simulated user joins: op 11 CLIENTS_CONNECT and op 5 SPEAKING go to the bot (now, or on its next identify),
   * and with DAVE the user enters the MLS group.
   */
  addSpeaker(options: { userId: string; ssrc?: number }): FakeSpeaker {
    if (this.speakerMap.has(options.userId)) throw new Error(`speaker ${options.userId} already added`);
    const ssrc = options.ssrc ?? this.freeSsrc();
    const speaker = new FakeSpeaker(options.userId, ssrc, this.speakerTransport);
    this.speakerMap.set(options.userId, speaker);
    const session = this.current;
    if (session?.ready) this.announce(session, [speaker]);
    this.dave.addUser(options.userId);
    return speaker;
  }

  /** The user leaves: op 13 CLIENT_DISCONNECT, and an MLS Remove when DAVE is on. */
  removeSpeaker(userId: string): void {
    if (!this.speakerMap.delete(userId)) return;
    this.current?.sendJson(VoiceOp.ClientDisconnect, { user_id: userId });
    this.dave.removeUser(userId);
  }

  /**
   * Closes the bot's voice socket. @discordjs/voice resumes (op 7) after 4015 or any code below 4000, rejoins via
   * the adapter (new IDENTIFY) after other 4xxx codes, and gives up on 4014.
   */
  disconnectClient(code: number, reason = 'fake voice server closed the socket'): void {
    this.current?.closeSocket(code, reason);
  }

  /** Sends any JSON op to the bot, e.g. DAVE op 21/24 experiments. */
  sendJson(op: number, d: unknown): void {
    this.current?.sendJson(op, d);
  }

  /** Sends any binary op `[u16 seq][u8 op][payload]` to the bot. */
  sendBinary(op: number, payload: Buffer): void {
    this.current?.sendBinary(op, payload);
  }

  /** Resolves with the first truthy value `check` returns; rejects after `timeoutMs` with `what` in the message. */
  async waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > deadline) {
        const errors = this.errors.map((e) => e.message).join('; ');
        throw new Error(`fake voice server: timed out waiting for ${what}${errors ? ` (errors: ${errors})` : ''}`);
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  }

  /** The current session once op 4 went out (and, with DAVE negotiated, once the group is established). */
  async waitForSessionReady(timeoutMs?: number): Promise<BotVoiceSession> {
    return this.waitFor(
      () => {
        const session = this.current;
        if (!session?.ready || !session.connected) return undefined;
        if (session.daveProtocolVersion > 0 && this.speakerMap.size > 0 && !this.dave.established) return undefined;
        return session;
      },
      'the bot voice session to be ready',
      timeoutMs,
    );
  }

  /** Resolves once at least `count` bot frames were recorded. */
  async waitForBotFrames(count: number, timeoutMs?: number): Promise<BotFrame[]> {
    return this.waitFor(() => this.botFrames.length >= count && this.botFrames, `${count} bot frames`, timeoutMs);
  }

  async close(): Promise<void> {
    for (const session of this.sessions) session.closeSocket(1001, 'fake voice server shutting down');
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.https.closeAllConnections();
    await new Promise<void>((resolve) => this.https.close(() => resolve()));
    await new Promise<void>((resolve) => this.udp.close(() => resolve()));
    this.untrust();
  }

  private readonly speakerTransport: SpeakerTransport = {
    seal: (speaker, opus, sequence, timestamp) => {
      const session = this.current;
      const remote = session?.udpRemote;
      if (!session?.ready || !remote) {
        this.undeliveredSpeakerPackets += 1;
        return () => {};
      }
      const payload = session.daveProtocolVersion > 0 ? this.dave.encryptFrom(speaker.userId, opus) : opus;
      this.transportNonce = (this.transportNonce + 1) >>> 0;
      const extension = this.options.rtpExtension === false ? undefined : SPEAKER_RTP_EXTENSION;
      const fields = { sequence, timestamp, ssrc: speaker.ssrc };
      const packet = sealRtpPacket(fields, payload, session.secretKey, this.transportNonce, { extension });
      return () => this.udp.send(packet, remote.port, remote.address);
    },
    announceSpeaking: (speaker, speaking) => {
      const d = { user_id: speaker.userId, ssrc: speaker.ssrc, speaking: speaking ? 1 : 0 };
      this.current?.sendJson(VoiceOp.Speaking, d);
    },
  };

  private serve(socket: WebSocket): void {
    serveGatewaySocket(socket, {
      heartbeatIntervalMs: () => this.options.heartbeatIntervalMs ?? 5_000,
      identify: (ws, info) => this.identify(ws, info),
      resume: (ws, info) => this.resume(ws, info),
      message: (session, message) => {
        this.botMessages.push(message);
        this.emit('botMessage', message);
        handleBotMessage(session, message, this.botMessageContext);
      },
      closed: (_session, code, reason) => {
        const close = { code, reason, at: Date.now() };
        this.socketCloses.push(close);
        this.emit('socketClosed', close);
      },
      protocolError: (error) => this.fail(error),
    });
  }

  private readonly botMessageContext = {
    daveProtocolVersionFor: (session: BotVoiceSession): number =>
      Math.min(this.options.daveProtocolVersion ?? 1, session.identify.maxDaveProtocolVersion),
    sessionReady: (session: BotVoiceSession): void => {
      if (session !== this.current) return;
      this.announce(session, [...this.speakerMap.values()]);
      if (session.daveProtocolVersion > 0) this.dave.attachBot(session);
      this.emit('sessionReady', session);
    },
    keyPackage: (session: BotVoiceSession, keyPackage: Buffer): void => this.dave.onBotKeyPackage(session, keyPackage),
    transitionReady: (session: BotVoiceSession, id: number): void => this.dave.onTransitionReady(session, id),
    speaking: (event: BotSpeakingEvent): void => {
      this.botSpeaking.push(event);
      this.emit('botSpeaking', event);
    },
    fail: (error: Error): void => this.fail(error),
  };

  private identify(socket: WebSocket, info: IdentifyInfo): BotVoiceSession | undefined {
    this.identifies.push(info);
    this.emit('identify', info);
    if (!this.tokenAccepted(info.token)) {
      socket.close(VoiceCloseCode.AuthenticationFailed, 'Authentication failed');
      return undefined;
    }
    if (this.options.requireDave && info.maxDaveProtocolVersion < 1) {
      socket.close(VoiceCloseCode.DaveRequired, 'E2EE/DAVE protocol required');
      return undefined;
    }
    const previous = this.current;
    if (previous) {
      previous.alive = false;
      this.dave.detachBot(previous);
      this.sessions.delete(previous);
    }
    const session = new BotVoiceSession(info, this.freeSsrc());
    this.sessions.add(session);
    this.current = session;
    session.attach(socket);
    const ready = { ssrc: session.ssrc, ip: '127.0.0.1', port: this.udpPort, modes: [ENCRYPTION_MODE] };
    session.sendJson(VoiceOp.Ready, ready);
    return session;
  }

  private resume(socket: WebSocket, info: ResumeInfo): BotVoiceSession | undefined {
    this.resumes.push(info);
    this.emit('resume', info);
    const session = [...this.sessions].find(
      (s) => s.alive && s.identify.sessionId === info.sessionId && s.identify.serverId === info.serverId,
    );
    if (!session || !this.tokenAccepted(info.token)) {
      socket.close(VoiceCloseCode.SessionNoLongerValid, 'Session no longer valid');
      return undefined;
    }
    session.attach(socket);
    session.sendJson(VoiceOp.Resumed, null);
    return session;
  }

  /** op 11 + op 5 for each speaker: clients must know user ids before DAVE proposals, and ssrc → user for audio. */
  private announce(session: BotVoiceSession, speakers: readonly FakeSpeaker[]): void {
    if (speakers.length === 0) return;
    session.sendJson(VoiceOp.ClientsConnect, { user_ids: speakers.map((s) => s.userId) });
    for (const speaker of speakers) {
      session.sendJson(VoiceOp.Speaking, { user_id: speaker.userId, ssrc: speaker.ssrc, speaking: 1 });
    }
  }

  private onDatagram(message: Buffer, remote: RemoteInfo): void {
    const discoverySsrc = ipDiscoveryRequestSsrc(message);
    if (discoverySsrc !== undefined) {
      const session = this.sessionBySsrc(discoverySsrc);
      if (session) session.udpRemote = { address: remote.address, port: remote.port };
      this.udp.send(ipDiscoveryReply(discoverySsrc, remote.address, remote.port), remote.port, remote.address);
      return;
    }
    if (!isRtpPacket(message)) return; // 8-byte keep-alives: real servers need no answer
    const ssrc = message.readUInt32BE(8);
    const session = this.sessionBySsrc(ssrc);
    if (!session?.ready) return;
    try {
      const packet = openRtpPacket(message, session.secretKey);
      const botUserId = session.identify.userId;
      const plain = session.daveProtocolVersion > 0 ? this.dave.decryptFromBot(botUserId, packet.payload) : undefined;
      const frame: BotFrame = {
        sequence: packet.sequence,
        timestamp: packet.timestamp,
        ssrc,
        opus: plain ?? packet.payload,
        transportPayload: packet.payload,
        daveEncrypted: plain !== undefined,
        receivedAt: Date.now(),
      };
      this.botFrames.push(frame);
      this.emit('botFrame', frame);
    } catch (error) {
      this.fail(new Error(`undecryptable RTP from the bot: ${String(error)}`));
    }
  }

  private sessionBySsrc(ssrc: number): BotVoiceSession | undefined {
    return [...this.sessions].find((s) => s.ssrc === ssrc);
  }

  private tokenAccepted(token: string): boolean {
    return this.options.token === undefined || token === this.options.token;
  }

  private freeSsrc(): number {
    const used = new Set([...this.speakerMap.values(), ...this.sessions].map((s) => s.ssrc));
    for (;;) {
      const ssrc = randomInt(1, 0x7fffffff);
      if (!used.has(ssrc)) return ssrc;
    }
  }

  private fail(error: Error): void {
    this.errors.push(error);
    this.emit('fakeError', error);
  }
}
