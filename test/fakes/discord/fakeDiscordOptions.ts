import type { PrivilegedIntentApproval } from './gatewayWorld.js';
import type { UserRef } from './types.js';
import type { VoiceServerConfig } from './VoiceSignalling.js';

export interface FakeDiscordOptions {
  /** Bot username (default `interview-coach`). */
  botUsername?: string;
  /** Ordinary members of the default guild (default `['alice', 'bob']`). */
  testUsers?: string[];
  guildName?: string;
  /** When set, REST calls and IDENTIFY must carry this token (401 / close 4004 otherwise). Default: any token. */
  token?: string;
  /** Privileged intents the app is approved for (all by default); others make IDENTIFY close with 4014. */
  privilegedIntents?: PrivilegedIntentApproval;
  /** Shards `GET /gateway/bot` recommends (default 1); clients choose their own `shard` in IDENTIFY. */
  recommendedShards?: number;
  /** `session_start_limit.max_concurrency` of `GET /gateway/bot` (default 1): shards that may identify at once. */
  maxConcurrency?: number;
  /** HELLO heartbeat_interval (default 41250 like Discord). */
  heartbeatIntervalMs?: number;
  /** Initial-response deadline like Discord's 3 s (default 3000; 0 disables). */
  callbackDeadlineMs?: number;
  /** Drop events the bot has no intent for, and blank guild message content without MessageContent (default true). */
  enforceIntents?: boolean;
  /** Simulated users can only invoke registered commands / submit modals the bot showed (default true). */
  requireRegisteredCommands?: boolean;
  /** Where VOICE_SERVER_UPDATE points the bot; without it op 4 only gets a VOICE_STATE_UPDATE. */
  voiceServer?: VoiceServerConfig;
}

export interface VoiceStateInput {
  user: UserRef;
  /** null leaves voice. */
  channelId: string | null;
  guildId?: string;
  selfMute?: boolean;
  selfDeaf?: boolean;
}
