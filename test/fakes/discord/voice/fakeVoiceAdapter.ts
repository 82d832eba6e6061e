import type { DiscordGatewayAdapterCreator, DiscordGatewayAdapterLibraryMethods } from '@discordjs/voice';
import { isRecord, numberField, stringField } from './voiceGatewaySocket.js';

type VoiceStateData = Parameters<DiscordGatewayAdapterLibraryMethods['onVoiceStateUpdate']>[0];

/** A main-gateway op 4 VOICE_STATE_UPDATE the library asked to send (join, rejoin or leave when channelId is null). */
export interface VoiceJoinRequest {
  guildId: string;
  channelId: string | null;
  selfMute: boolean;
  selfDeaf: boolean;
  at: number;
}

export interface FakeVoiceAdapterOptions {
  /** The voice server's `host:port` for VOICE_SERVER_UPDATE. */
  endpoint: string;
  token: string;
  /** The bot's user id, echoed in VOICE_STATE_UPDATE. */
  userId: string;
  /** Main-gateway session id echoed in VOICE_STATE_UPDATE (default: a fixed fake value). */
  sessionId?: string;
  /** Seen before the answers are dispatched, e.g. to point the DAVE group at the joined channel. */
  onJoin?: (request: VoiceJoinRequest) => void;
}

function parseJoin(payload: unknown): VoiceJoinRequest | undefined {
  if (numberField(payload, 'op') !== 4 || !isRecord(payload)) return undefined;
  const d = payload.d;
  const guildId = stringField(d, 'guild_id');
  if (!guildId || !isRecord(d)) return undefined;
  return {
    guildId,
    channelId: stringField(d, 'channel_id') ?? null,
    selfMute: d.self_mute === true,
    selfDeaf: d.self_deaf === true,
    at: Date.now(),
  };
}

/**
 * Stands in for discord.js's guild voice adapter: every join the library requests through the main gateway is
 * answered (asynchronously, like the real gateway) with VOICE_STATE_UPDATE + VOICE_SERVER_UPDATE pointing at the
 * fake voice server. Lets voice tests run without the main gateway fake. `requests` records each op 4.
 */
export function createFakeVoiceAdapter(options: FakeVoiceAdapterOptions): {
  adapterCreator: DiscordGatewayAdapterCreator;
  requests: VoiceJoinRequest[];
} {
  const requests: VoiceJoinRequest[] = [];
  const sessionId = options.sessionId ?? 'fake-main-gateway-session';
  const adapterCreator: DiscordGatewayAdapterCreator = (methods) => {
    let destroyed = false;
    return {
      sendPayload(payload: unknown): boolean {
        const request = parseJoin(payload);
        if (destroyed || !request) return false;
        requests.push(request);
        options.onJoin?.(request);
        if (request.channelId === null) return true;
        const state: VoiceStateData = {
          guild_id: request.guildId,
          channel_id: request.channelId,
          user_id: options.userId,
          session_id: sessionId,
          deaf: false,
          mute: false,
          self_deaf: request.selfDeaf,
          self_mute: request.selfMute,
          self_video: false,
          suppress: false,
          request_to_speak_timestamp: null,
        };
        setImmediate(() => {
          if (destroyed) return;
          methods.onVoiceStateUpdate(state);
          methods.onVoiceServerUpdate({ token: options.token, guild_id: request.guildId, endpoint: options.endpoint });
        });
        return true;
      },
      destroy(): void {
        destroyed = true;
      },
    };
  };
  return { adapterCreator, requests };
}
