import type { BotSpeakingEvent } from './botMessageHandler.js';
import type { BotVoiceSession, IdentifyInfo } from './BotVoiceSession.js';
import type { BotMessage, ResumeInfo } from './voiceGatewaySocket.js';

export interface FakeVoiceServerOptions {
  /** 1 (default): offer DAVE to clients that announce support; 0: op 4 says 0 and frames pass through. */
  daveProtocolVersion?: 0 | 1;
  /** Close with 4017 when the client announces no DAVE support, as Discord does since 2026-03. Default false. */
  requireDave?: boolean;
  /**
   * Token the client must present (another one is closed with 4004). Default: any token is accepted, and
   * {@link FakeVoiceServer.token} ('fake-voice-token') is what {@link FakeVoiceServer.adapter} hands out.
   */
  token?: string;
  /**
   * Voice channel id, used as the DAVE (MLS) group id. davey does not check it against the bot's channel, so a
   * mismatch is harmless; {@link FakeVoiceServer.adapter} keeps it in sync anyway.
   */
  channelId?: string;
  /** op 8 heartbeat_interval in ms. Default 5000. */
  heartbeatIntervalMs?: number;
  /** Send the clear 0xBEDE header extension real clients send on speaker packets. Default true. */
  rtpExtension?: boolean;
}

/** One Opus frame the bot sent (what it played), after transport and, if on, DAVE decryption. */
export interface BotFrame {
  sequence: number;
  timestamp: number;
  ssrc: number;
  /** The Opus frame as played; equals `transportPayload` when DAVE was off or undecryptable. */
  opus: Buffer;
  /** The payload after transport decryption (DAVE ciphertext when DAVE was on). */
  transportPayload: Buffer;
  daveEncrypted: boolean;
  receivedAt: number;
}

export interface SocketClose {
  code: number;
  reason: string;
  at: number;
}

export interface FakeVoiceServerEvents {
  identify: [IdentifyInfo];
  resume: [ResumeInfo];
  /** op 4 went out: the session is ready for RTP. */
  sessionReady: [BotVoiceSession];
  botMessage: [BotMessage];
  botSpeaking: [BotSpeakingEvent];
  botFrame: [BotFrame];
  socketClosed: [SocketClose];
  fakeError: [Error];
}
