import type { Json, JsonObject } from './json.js';
import type { FakeState } from './FakeState.js';
import type { InteractionStore } from './InteractionStore.js';
import type { MessageStore } from './MessageStore.js';
import { memberPermissions } from './permissions.js';
import { snowflakeTimestamp } from './snowflake.js';
import {
  ChannelKind,
  MessageFlag,
  type FakeChannel,
  type FakeGuild,
  type FakeMember,
  type FakeRole,
  type FakeUser,
  type FakeVoiceState,
  type StoredAttachment,
  type StoredMessage,
} from './types.js';

/** Builds wire objects (users, members, channels, guilds, messages) in the shapes Discord sends. */
export class Payloads {
  constructor(
    private readonly state: FakeState,
    private readonly messages: MessageStore,
    private readonly interactions: InteractionStore,
  ) {}

  user(user: FakeUser): JsonObject {
    return {
      id: user.id,
      username: user.username,
      global_name: user.globalName,
      discriminator: '0',
      avatar: null,
      bot: user.bot,
      system: false,
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
    };
  }

  userById(id: string): JsonObject {
    return this.user(this.state.requireUser(id));
  }

  member(guild: FakeGuild, member: FakeMember, options: { withUser?: boolean; withPermissions?: boolean } = {}): JsonObject {
    const payload: JsonObject = {
      nick: member.nick,
      avatar: null,
      banner: null,
      roles: [...member.roleIds],
      joined_at: member.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
    if (options.withUser !== false) payload['user'] = this.userById(member.userId);
    if (options.withPermissions) payload['permissions'] = memberPermissions(guild, member.userId).toString();
    return payload;
  }

  role(role: FakeRole, guild: FakeGuild): JsonObject {
    const isBotRole = role.name === this.state.bot.username && role.id !== guild.id;
    return {
      id: role.id,
      name: role.name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: role.position,
      permissions: role.permissions,
      managed: isBotRole,
      mentionable: false,
      flags: 0,
      ...(isBotRole ? { tags: { bot_id: this.state.bot.id } } : {}),
    };
  }

  channel(channel: FakeChannel): JsonObject {
    if (channel.type === ChannelKind.DM) {
      const recipients = channel.recipientId ? [this.userById(channel.recipientId)] : [];
      return { id: channel.id, type: channel.type, recipients, last_message_id: this.lastMessageId(channel), flags: 0 };
    }
    const base: JsonObject = {
      id: channel.id,
      type: channel.type,
      guild_id: channel.guildId,
      name: channel.name,
      parent_id: channel.parentId,
      last_message_id: this.lastMessageId(channel),
      rate_limit_per_user: 0,
      flags: 0,
    };
    if (channel.thread) {
      const count = this.messages.inChannel(channel.id).length;
      return {
        ...base,
        owner_id: channel.ownerId,
        message_count: count,
        total_message_sent: count,
        member_count: 1,
        thread_metadata: {
          archived: channel.thread.archived,
          locked: channel.thread.locked,
          auto_archive_duration: channel.thread.autoArchiveDuration,
          archive_timestamp: channel.thread.archiveTimestamp,
          create_timestamp: new Date(snowflakeTimestamp(channel.id)).toISOString(),
        },
      };
    }
    const guildChannel: JsonObject = { ...base, position: channel.position, permission_overwrites: [], nsfw: false };
    if (channel.type === ChannelKind.GuildVoice) {
      return { ...guildChannel, bitrate: 64_000, user_limit: 0, rtc_region: null, video_quality_mode: 1 };
    }
    return { ...guildChannel, topic: null, default_auto_archive_duration: 1440 };
  }

  voiceState(guild: FakeGuild, voiceState: FakeVoiceState, options: { inGuildCreate?: boolean } = {}): JsonObject {
    const member = guild.members.get(voiceState.userId);
    return {
      ...(options.inGuildCreate ? {} : { guild_id: guild.id }),
      channel_id: voiceState.channelId,
      user_id: voiceState.userId,
      ...(member && !options.inGuildCreate ? { member: this.member(guild, member) } : {}),
      session_id: voiceState.sessionId,
      deaf: voiceState.deaf,
      mute: voiceState.mute,
      self_deaf: voiceState.selfDeaf,
      self_mute: voiceState.selfMute,
      self_video: false,
      suppress: false,
      request_to_speak_timestamp: null,
    };
  }

  guildCreate(guild: FakeGuild): JsonObject {
    const channels = this.state.guildChannels(guild.id);
    const botMember = guild.members.get(this.state.bot.id);
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: 'en-US',
      features: [],
      application_id: null,
      system_channel_id: guild.textChannel.id,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      max_members: 500_000,
      joined_at: botMember?.joinedAt ?? new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      roles: guild.roles.map((role) => this.role(role, guild)),
      emojis: [],
      stickers: [],
      members: [...guild.members.values()].map((member) => this.member(guild, member)),
      channels: channels.filter((c) => !c.thread).map((c) => this.channel(c)),
      threads: channels.filter((c) => c.thread && !c.thread.archived).map((c) => this.channel(c)),
      voice_states: [...guild.voiceStates.values()]
        .filter((vs) => vs.channelId !== null)
        .map((vs) => this.voiceState(guild, vs, { inGuildCreate: true })),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  attachment(attachment: StoredAttachment): JsonObject {
    return {
      id: attachment.id,
      filename: attachment.filename,
      size: attachment.data.length,
      url: attachment.url,
      proxy_url: attachment.url,
      content_type: attachment.contentType,
      ...(attachment.description !== null ? { description: attachment.description } : {}),
      ...(attachment.durationSecs !== null ? { duration_secs: attachment.durationSecs } : {}),
      ...(attachment.waveform !== null ? { waveform: attachment.waveform } : {}),
      flags: 0,
    };
  }

  message(message: StoredMessage, depth = 0): JsonObject {
    const payload: JsonObject = {
      id: message.id,
      channel_id: message.channelId,
      ...(message.guildId ? { guild_id: message.guildId } : {}),
      author: this.userById(message.authorId),
      content: message.content,
      timestamp: new Date(message.createdAt).toISOString(),
      edited_timestamp: message.editedAt === null ? null : new Date(message.editedAt).toISOString(),
      tts: false,
      mention_everyone: false,
      mentions: this.mentionedUsers(message.content),
      mention_roles: [],
      attachments: message.attachments.map((a) => this.attachment(a)),
      embeds: message.embeds,
      components: message.components,
      pinned: false,
      type: message.type,
      flags: message.flags,
    };
    if (message.webhookId) payload['webhook_id'] = message.webhookId;
    if (message.interactionId) {
      payload['application_id'] = this.state.applicationId;
      const interaction = this.interactions.get(message.interactionId);
      if (interaction) {
        payload['interaction_metadata'] = {
          id: interaction.id,
          type: interaction.type,
          user: this.userById(interaction.userId),
          authorizing_integration_owners: interaction.guildId ? { '0': interaction.guildId } : { '1': interaction.userId },
          ...(interaction.originalMessageId && interaction.originalMessageId !== message.id
            ? { original_response_message_id: interaction.originalMessageId }
            : {}),
        };
      }
    }
    if (message.referencedMessageId) {
      const referenced = this.messages.get(message.referencedMessageId);
      payload['message_reference'] = {
        type: 0,
        message_id: message.referencedMessageId,
        channel_id: message.channelId,
        ...(message.guildId ? { guild_id: message.guildId } : {}),
      };
      payload['referenced_message'] = referenced && depth === 0 ? this.message(referenced, depth + 1) : null;
    }
    return payload;
  }

  private mentionedUsers(content: string): Json[] {
    const ids = new Set([...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1] ?? ''));
    return [...ids].filter((id) => this.state.users.has(id)).map((id) => this.userById(id));
  }

  private lastMessageId(channel: FakeChannel): string | null {
    return this.messages.inChannel(channel.id).filter((m) => (m.flags & MessageFlag.Ephemeral) === 0).at(-1)?.id ?? null;
  }
}
