import type { BotVoiceSession } from './BotVoiceSession.js';
import { isRecord, numberField, stringField, type BotMessage } from './voiceGatewaySocket.js';
import { ENCRYPTION_MODE, VoiceOp } from './voiceOpcodes.js';

/** The bot's op 5: it started (speaking ≠ 0) or stopped sending audio on `ssrc`. */
export interface BotSpeakingEvent {
  speaking: number;
  ssrc: number;
  at: number;
}

export interface BotMessageContext {
  /** The DAVE version to put in op 4 for this session (0 = off). */
  daveProtocolVersionFor(session: BotVoiceSession): number;
  /** Called right after op 4 went out. */
  sessionReady(session: BotVoiceSession): void;
  keyPackage(session: BotVoiceSession, keyPackage: Buffer): void;
  transitionReady(session: BotVoiceSession, transitionId: number): void;
  speaking(event: BotSpeakingEvent): void;
  fail(error: Error): void;
}

const UNKNOWN_ENCRYPTION_MODE = 4016;

function selectProtocol(session: BotVoiceSession, d: unknown, context: BotMessageContext): void {
  const data = isRecord(d) ? d.data : undefined;
  const mode = stringField(data, 'mode');
  const address = stringField(data, 'address');
  const port = numberField(data, 'port');
  if (mode !== ENCRYPTION_MODE) {
    session.closeSocket(UNKNOWN_ENCRYPTION_MODE, 'Unknown encryption mode');
    return;
  }
  if (address && port) session.udpRemote = { address, port };
  session.daveProtocolVersion = context.daveProtocolVersionFor(session);
  session.sendJson(VoiceOp.SessionDescription, {
    mode,
    secret_key: [...session.secretKey],
    dave_protocol_version: session.daveProtocolVersion,
  });
  session.ready = true;
  context.sessionReady(session);
}

/** What the fake does with each bot message after IDENTIFY/RESUME (heartbeats were answered already). */
export function handleBotMessage(session: BotVoiceSession, message: BotMessage, context: BotMessageContext): void {
  if (message.kind === 'binary') {
    // op 28 (the bot's own commit) is recorded only: the fake always lets a simulated user's commit win.
    if (message.op === VoiceOp.DaveMlsKeyPackage) context.keyPackage(session, Buffer.from(message.payload));
    return;
  }
  switch (message.op) {
    case VoiceOp.SelectProtocol:
      selectProtocol(session, message.d, context);
      break;
    case VoiceOp.Speaking:
      context.speaking({
        speaking: numberField(message.d, 'speaking') ?? 0,
        ssrc: numberField(message.d, 'ssrc') ?? 0,
        at: message.at,
      });
      break;
    case VoiceOp.DaveTransitionReady: {
      const id = numberField(message.d, 'transition_id');
      if (id !== undefined) context.transitionReady(session, id);
      break;
    }
    case VoiceOp.DaveMlsInvalidCommitWelcome:
      context.fail(new Error(`bot rejected DAVE commit/welcome, transition ${numberField(message.d, 'transition_id')}`));
      break;
    default:
      break;
  }
}
