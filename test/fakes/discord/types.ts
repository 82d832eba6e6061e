import type { Json, JsonObject } from './json.js';

/** Discord channel types the fake models (subset of the API's ChannelType). */
export const ChannelKind = {
  GuildText: 0,
  DM: 1,
  GuildVoice: 2,
  GuildCategory: 4,
  PublicThread: 11,
  PrivateThread: 12,
} as const;
export type ChannelKindValue = (typeof ChannelKind)[keyof typeof ChannelKind];

export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsVoiceMessage: 1 << 13,
  IsComponentsV2: 1 << 15,
} as const;

export interface FakeUser {
  readonly id: string;
  username: string;
  globalName: string | null;
  readonly bot: boolean;
}

/** A user object or a user id. */
export type UserRef = FakeUser | string;

export interface FakeRole {
  readonly id: string;
  name: string;
  /** Permission bitfield as a decimal string, as on the wire. */
  permissions: string;
  position: number;
}

export interface FakeMember {
  readonly userId: string;
  roleIds: string[];
  nick: string | null;
  joinedAt: string;
}

export interface FakeThreadMetadata {
  archived: boolean;
  locked: boolean;
  autoArchiveDuration: number;
  archiveTimestamp: string;
}

export interface FakeChannel {
  readonly id: string;
  readonly type: ChannelKindValue;
  name: string;
  readonly guildId: string | null;
  parentId: string | null;
  /** DM channels: the other participant. */
  recipientId: string | null;
  ownerId: string | null;
  thread: FakeThreadMetadata | null;
  position: number;
}

export interface FakeVoiceState {
  userId: string;
  channelId: string | null;
  sessionId: string;
  selfMute: boolean;
  selfDeaf: boolean;
  mute: boolean;
  deaf: boolean;
}

export interface FakeGuild {
  readonly id: string;
  name: string;
  ownerId: string;
  readonly roles: FakeRole[];
  readonly members: Map<string, FakeMember>;
  readonly voiceStates: Map<string, FakeVoiceState>;
  /** The default text channel ("general", type 0). */
  readonly textChannel: FakeChannel;
  /** The default voice channel ("Voice", type 2). */
  readonly voiceChannel: FakeChannel;
}

/** A file uploaded to the fake in a multipart request. */
export interface UploadedFile {
  /** Form field, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface StoredAttachment {
  readonly id: string;
  filename: string;
  contentType: string;
  data: Buffer;
  /** Served by the fake: http://127.0.0.1:PORT/attachments/<id>/<filename> */
  url: string;
  description: string | null;
  durationSecs: number | null;
  waveform: string | null;
}

/** What a test hands the fake to attach to a user message or an attachment option. */
export interface AttachmentInput {
  filename: string;
  contentType: string;
  data: Buffer;
  description?: string;
  durationSecs?: number;
  waveform?: string;
}

export interface StoredMessage {
  readonly id: string;
  readonly channelId: string;
  readonly guildId: string | null;
  readonly authorId: string;
  /** 0 default, 19 reply, 20 chat-input command response. */
  type: number;
  content: string;
  embeds: JsonObject[];
  components: JsonObject[];
  flags: number;
  attachments: StoredAttachment[];
  /** Set when the message was created by an interaction response (callback, defer or follow-up). */
  interactionId: string | null;
  webhookId: string | null;
  referencedMessageId: string | null;
  readonly createdAt: number;
  editedAt: number | null;
  /** How many edits were applied. */
  edits: number;
  deleted: boolean;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  /** Path below /api/v10, percent-decoded (`@original`), without the query string. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or `payload_json` of a multipart body. */
  body: Json | undefined;
  files: UploadedFile[];
  /** The route pattern that handled it, e.g. `POST /channels/:channelId/messages`; null if unknown. */
  route: string | null;
  params: Record<string, string>;
  status: number;
  authorization: string | undefined;
  at: number;
}

export type InteractionResponseKind =
  | 'callback'
  | 'editOriginal'
  | 'followup'
  | 'editFollowup'
  | 'deleteOriginal'
  | 'deleteFollowup';

export interface InteractionResponseRecord {
  kind: InteractionResponseKind;
  /** Callback type for kind 'callback': 4 reply, 5 defer, 6 deferred update, 7 update, 8 choices, 9 modal. */
  callbackType: number | null;
  /** Message body / modal / choices as sent by the client. */
  data: JsonObject;
  files: UploadedFile[];
  ephemeral: boolean;
  /** The message created or edited by this response, if any. */
  messageId: string | null;
  seq: number;
}

export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  /** 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  readonly type: number;
  readonly channelId: string;
  readonly guildId: string | null;
  readonly userId: string;
  readonly commandName: string | null;
  readonly customId: string | null;
  /** Message the component (or modal-from-component) belonged to. */
  readonly sourceMessageId: string | null;
  readonly createdAt: number;
  callbackType: number | null;
  originalMessageId: string | null;
  followupIds: string[];
  responses: InteractionResponseRecord[];
}

export interface VoiceStateRequest {
  guildId: string;
  channelId: string | null;
  selfMute: boolean;
  selfDeaf: boolean;
  at: number;
}

/** What the voice fake needs to validate the bot's voice identify. */
export interface VoiceSessionInfo {
  guildId: string;
  channelId: string;
  userId: string;
  sessionId: string;
  token: string;
  endpoint: string;
}

export interface IdentifyRecord {
  token: string;
  intents: number;
  properties: JsonObject;
  /** IDENTIFY's `[shard_id, num_shards]`, when sent. */
  shard: readonly [number, number] | undefined;
  at: number;
}
