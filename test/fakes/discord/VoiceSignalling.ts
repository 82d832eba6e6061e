import { randomBytes } from 'node:crypto';
import type { ChangeNotifier } from './ChangeNotifier.js';
import type { FakeState } from './FakeState.js';
import type { JsonObject } from './json.js';
import type { Payloads } from './Payloads.js';
import type { FakeGuild, FakeVoiceState, VoiceSessionInfo, VoiceStateRequest } from './types.js';

export interface VoiceServerConfig {
  /** host:port the bot's voice client should connect to (wss://), e.g. `127.0.0.1:45678`. */
  endpoint: string;
  /** Voice token handed to the bot; random per join when omitted. */
  token?: string;
}

export type VoiceStateRequestListener = (request: VoiceStateRequest, session: VoiceSessionInfo | undefined) => void;

/**
 * The main-gateway half of voice: answers the bot's op 4 with VOICE_STATE_UPDATE (+ VOICE_SERVER_UPDATE when a
 * voice server is configured) and keeps every user's voice state for GUILD_CREATE.
 */
export class VoiceSignalling {
  readonly requests: VoiceStateRequest[] = [];
  server: VoiceServerConfig | null;
  autoAnswer = true;
  private readonly sessions = new Map<string, VoiceSessionInfo>();
  private readonly listeners = new Set<VoiceStateRequestListener>();

  constructor(
    private readonly state: FakeState,
    private readonly payloads: Payloads,
    private readonly notifier: ChangeNotifier,
    private readonly dispatch: (event: string, data: JsonObject) => void,
    server: VoiceServerConfig | undefined,
  ) {
    this.server = server ?? null;
  }

  onRequest(listener: VoiceStateRequestListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  session(guildId: string): VoiceSessionInfo | undefined {
    return this.sessions.get(guildId);
  }

  /** Gateway op 4 from the bot. */
  handleRequest(request: VoiceStateRequest): void {
    this.requests.push(request);
    const guild = this.state.guilds.get(request.guildId);
    if (guild && this.autoAnswer) this.answer(guild, request);
    const session = this.sessions.get(request.guildId);
    for (const listener of this.listeners) listener(request, session);
    this.notifier.notify();
  }

  /** A user (or the bot) joins, moves, leaves (channelId null) or toggles mute/deaf. */
  setVoiceState(guild: FakeGuild, userId: string, update: Partial<Omit<FakeVoiceState, 'userId' | 'sessionId'>>): FakeVoiceState {
    const previous = guild.voiceStates.get(userId);
    const next: FakeVoiceState = {
      userId,
      channelId: update.channelId !== undefined ? update.channelId : (previous?.channelId ?? null),
      sessionId: previous?.sessionId ?? randomBytes(16).toString('hex'),
      selfMute: update.selfMute ?? previous?.selfMute ?? false,
      selfDeaf: update.selfDeaf ?? previous?.selfDeaf ?? false,
      mute: update.mute ?? previous?.mute ?? false,
      deaf: update.deaf ?? previous?.deaf ?? false,
    };
    if (next.channelId === null) guild.voiceStates.delete(userId);
    else guild.voiceStates.set(userId, next);
    this.dispatch('VOICE_STATE_UPDATE', this.payloads.voiceState(guild, next));
    return next;
  }

  private answer(guild: FakeGuild, request: VoiceStateRequest): void {
    const botId = this.state.bot.id;
    const previous = guild.voiceStates.get(botId);
    const voiceState = this.setVoiceState(guild, botId, {
      channelId: request.channelId,
      selfMute: request.selfMute,
      selfDeaf: request.selfDeaf,
    });
    if (request.channelId === null) {
      this.sessions.delete(guild.id);
      return;
    }
    // A mute/deaf toggle in the same channel gets no new server; a join, a move or a plain rejoin does.
    const toggledOnly =
      previous?.channelId === request.channelId &&
      (previous.selfMute !== request.selfMute || previous.selfDeaf !== request.selfDeaf);
    if (!this.server || toggledOnly) return;
    const session: VoiceSessionInfo = {
      guildId: guild.id,
      channelId: request.channelId,
      userId: botId,
      sessionId: voiceState.sessionId,
      token: this.server.token ?? randomBytes(8).toString('hex'),
      endpoint: this.server.endpoint,
    };
    this.sessions.set(guild.id, session);
    this.dispatch('VOICE_SERVER_UPDATE', { token: session.token, guild_id: guild.id, endpoint: session.endpoint });
  }
}
