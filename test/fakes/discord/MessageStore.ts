import type { JsonObject } from './json.js';
import type { SnowflakeFactory } from './snowflake.js';
import type { AttachmentInput, StoredAttachment, StoredMessage } from './types.js';

export interface MessageInit {
  channelId: string;
  guildId: string | null;
  authorId: string;
  type?: number;
  content?: string;
  embeds?: JsonObject[];
  components?: JsonObject[];
  flags?: number;
  attachments?: StoredAttachment[];
  interactionId?: string;
  webhookId?: string;
  referencedMessageId?: string;
  /** Threads started from a message reuse its id, so callers may fix it. */
  id?: string;
}

export interface MessagePatch {
  content?: string;
  embeds?: JsonObject[];
  components?: JsonObject[];
  flags?: number;
  attachments?: StoredAttachment[];
}

/** Messages (with edits applied in place) and the attachment bytes the fake serves. */
export class MessageStore {
  private readonly messages = new Map<string, StoredMessage>();
  private readonly files = new Map<string, StoredAttachment>();

  constructor(
    private readonly ids: SnowflakeFactory,
    private readonly baseUrl: () => string,
  ) {}

  create(init: MessageInit): StoredMessage {
    const message: StoredMessage = {
      id: init.id ?? this.ids.next(),
      channelId: init.channelId,
      guildId: init.guildId,
      authorId: init.authorId,
      type: init.type ?? 0,
      content: init.content ?? '',
      embeds: init.embeds ?? [],
      components: init.components ?? [],
      flags: init.flags ?? 0,
      attachments: init.attachments ?? [],
      interactionId: init.interactionId ?? null,
      webhookId: init.webhookId ?? null,
      referencedMessageId: init.referencedMessageId ?? null,
      createdAt: Date.now(),
      editedAt: null,
      edits: 0,
      deleted: false,
    };
    this.messages.set(message.id, message);
    return message;
  }

  edit(message: StoredMessage, patch: MessagePatch): StoredMessage {
    if (patch.content !== undefined) message.content = patch.content;
    if (patch.embeds !== undefined) message.embeds = patch.embeds;
    if (patch.components !== undefined) message.components = patch.components;
    if (patch.flags !== undefined) message.flags = patch.flags;
    if (patch.attachments !== undefined) message.attachments = patch.attachments;
    message.editedAt = Date.now();
    message.edits += 1;
    return message;
  }

  get(id: string): StoredMessage | undefined {
    return this.messages.get(id);
  }

  inChannel(channelId: string, includeDeleted = false): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId && (includeDeleted || !m.deleted));
  }

  all(): StoredMessage[] {
    return [...this.messages.values()];
  }

  addAttachment(input: AttachmentInput): StoredAttachment {
    const id = this.ids.next();
    const attachment: StoredAttachment = {
      id,
      filename: input.filename,
      contentType: input.contentType,
      data: input.data,
      url: `${this.baseUrl()}/attachments/${id}/${encodeURIComponent(input.filename)}`,
      description: input.description ?? null,
      durationSecs: input.durationSecs ?? null,
      waveform: input.waveform ?? null,
    };
    this.files.set(id, attachment);
    return attachment;
  }

  attachment(id: string): StoredAttachment | undefined {
    return this.files.get(id);
  }
}
