import type { FakeState } from './FakeState.js';
import type { GatewayWorld } from './FakeGateway.js';
import { Intent } from './intents.js';
import { getArray, getNumber, getString, type JsonObject } from './json.js';
import type { Payloads } from './Payloads.js';
import { shardOfGuild, type ShardPair } from './sharding.js';
import type { VoiceStateRequest } from './types.js';

export interface PrivilegedIntentApproval {
  messageContent?: boolean;
  guildMembers?: boolean;
  presences?: boolean;
}

const GuildPresences = 1 << 8;
const AppFlag = { GatewayPresenceLimited: 1 << 13, GatewayGuildMembersLimited: 1 << 15, GatewayMessageContentLimited: 1 << 19 };

/** Application flags that advertise the approved privileged intents, as Discord does for unverified bots. */
export function applicationFlagsFor(approval: Required<PrivilegedIntentApproval>): number {
  return (
    (approval.presences ? AppFlag.GatewayPresenceLimited : 0) |
    (approval.guildMembers ? AppFlag.GatewayGuildMembersLimited : 0) |
    (approval.messageContent ? AppFlag.GatewayMessageContentLimited : 0)
  );
}

export function disallowedIntentsFor(approval: Required<PrivilegedIntentApproval>): number {
  return (
    (approval.presences ? 0 : GuildPresences) |
    (approval.guildMembers ? 0 : Intent.GuildMembers) |
    (approval.messageContent ? 0 : Intent.MessageContent)
  );
}

/** READY, GUILD_CREATE and member chunks built from the fake's state. */
export function createGatewayWorld(input: {
  state: FakeState;
  payloads: Payloads;
  expectedToken: string | undefined;
  disallowedIntents: number;
  applicationFlags: () => number;
  voiceStateRequest(request: VoiceStateRequest): void;
  changed(): void;
}): GatewayWorld {
  const { state, payloads } = input;
  const guildsOf = (shard: ShardPair) => [...state.guilds.values()].filter((guild) => shardOfGuild(guild.id, shard[1]) === shard[0]);
  return {
    botId: state.bot.id,
    expectedToken: input.expectedToken,
    disallowedIntents: input.disallowedIntents,
    readyData: (sessionId, resumeUrl, shard) => ({
      v: 10,
      user: { ...payloads.user(state.bot), verified: true, mfa_enabled: false, email: null },
      guilds: guildsOf(shard).map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: sessionId,
      session_type: 'normal',
      resume_gateway_url: resumeUrl,
      shard: [...shard],
      application: { id: state.applicationId, flags: input.applicationFlags() },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['fake'],
      user_settings: {},
    }),
    guildCreates: (shard) => guildsOf(shard).map((guild) => payloads.guildCreate(guild)),
    guildMembersChunk: (request: JsonObject) => {
      const guild = state.guilds.get(getString(request, 'guild_id') ?? '');
      if (!guild) return undefined;
      const wanted = getArray(request, 'user_ids')?.filter((id): id is string => typeof id === 'string');
      const query = (getString(request, 'query') ?? '').toLowerCase();
      const limit = getNumber(request, 'limit') || Number.POSITIVE_INFINITY;
      const members = [...guild.members.values()]
        .filter((m) => (wanted ? wanted.includes(m.userId) : state.requireUser(m.userId).username.toLowerCase().startsWith(query)))
        .slice(0, limit);
      const nonce = getString(request, 'nonce');
      return {
        guild_id: guild.id,
        members: members.map((m) => payloads.member(guild, m)),
        chunk_index: 0,
        chunk_count: 1,
        not_found: wanted ? wanted.filter((id) => !guild.members.has(id)) : [],
        ...(nonce !== undefined ? { nonce } : {}),
      };
    },
    voiceStateRequest: (request) => input.voiceStateRequest(request),
    changed: () => input.changed(),
  };
}
