import type { FakeState } from './FakeState.js';
import type { JsonObject } from './json.js';
import type { MessageActions } from './MessageActions.js';
import type { MessageStore } from './MessageStore.js';
import { ChannelKind, MessageFlag, type AttachmentInput, type FakeChannel, type StoredMessage, type UserRef } from './types.js';

export interface UserMessageInput {
  /** Default: the default guild's text channel. */
  channelId?: string;
  /** Default: the first test user. */
  author?: UserRef;
  content?: string;
  embeds?: JsonObject[];
  attachments?: AttachmentInput[];
  flags?: number;
  /** Id of the message this one replies to. */
  replyTo?: string;
}

export interface VoiceMessageInput {
  channelId?: string;
  author?: UserRef;
  /** Ogg Opus bytes, as Discord clients record them. */
  audio: Buffer;
  durationSecs: number;
  /** Base64 of up to 256 amplitude bytes; a flat one is generated when omitted. */
  waveform?: string;
  filename?: string;
  contentType?: string;
}

/** Messages simulated users post; they reach the bot as MESSAGE_CREATE (intent rules apply). */
export class UserMessages {
  constructor(
    private readonly state: FakeState,
    private readonly messages: MessageStore,
    private readonly actions: MessageActions,
    private readonly defaultChannel: () => FakeChannel,
    private readonly defaultUser: () => UserRef,
  ) {}

  send(input: UserMessageInput): StoredMessage {
    const author = this.state.resolveUser(input.author ?? this.defaultUser());
    const channel = input.channelId ? this.state.requireChannel(input.channelId) : this.defaultChannel();
    if (channel.guildId && !this.state.requireGuild(channel.guildId).members.has(author.id)) {
      throw new Error(`FakeDiscord: ${author.username} is not a member of guild ${channel.guildId}`);
    }
    if (channel.type === ChannelKind.DM && channel.recipientId !== author.id) {
      throw new Error(`FakeDiscord: ${author.username} cannot post in DM channel ${channel.id}`);
    }
    return this.actions.create({
      channelId: channel.id,
      guildId: channel.guildId,
      authorId: author.id,
      type: input.replyTo ? 19 : 0,
      content: input.content ?? '',
      embeds: input.embeds,
      flags: input.flags,
      attachments: (input.attachments ?? []).map((a) => this.messages.addAttachment(a)),
      referencedMessageId: input.replyTo,
    });
  }

  /** Flag IS_VOICE_MESSAGE, no text, exactly one audio attachment with duration_secs and waveform. */
  sendVoice(input: VoiceMessageInput): StoredMessage {
    const samples = Math.min(256, Math.max(1, Math.ceil(input.durationSecs * 10)));
    return this.send({
      channelId: input.channelId,
      author: input.author,
      flags: MessageFlag.IsVoiceMessage,
      attachments: [
        {
          filename: input.filename ?? 'voice-message.ogg',
          contentType: input.contentType ?? 'audio/ogg',
          data: input.audio,
          durationSecs: input.durationSecs,
          waveform: input.waveform ?? Buffer.alloc(samples, 96).toString('base64'),
        },
      ],
    });
  }
}
