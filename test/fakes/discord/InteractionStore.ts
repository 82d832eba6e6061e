import { randomBytes } from 'node:crypto';
import type { SnowflakeFactory } from './snowflake.js';
import type { InteractionRecord, InteractionResponseRecord } from './types.js';

export interface InteractionInit {
  type: number;
  channelId: string;
  guildId: string | null;
  userId: string;
  commandName?: string;
  customId?: string;
  sourceMessageId?: string;
}

export class InteractionStore {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();

  constructor(private readonly ids: SnowflakeFactory) {}

  create(init: InteractionInit): InteractionRecord {
    const record: InteractionRecord = {
      id: this.ids.next(),
      // Real tokens are long opaque strings; tests should not depend on their shape.
      token: `aW50ZXJhY3Rpb24.${randomBytes(24).toString('base64url')}`,
      type: init.type,
      channelId: init.channelId,
      guildId: init.guildId,
      userId: init.userId,
      commandName: init.commandName ?? null,
      customId: init.customId ?? null,
      sourceMessageId: init.sourceMessageId ?? null,
      createdAt: Date.now(),
      callbackType: null,
      originalMessageId: null,
      followupIds: [],
      responses: [],
    };
    this.byId.set(record.id, record);
    this.byToken.set(record.token, record);
    return record;
  }

  get(id: string): InteractionRecord | undefined {
    return this.byId.get(id);
  }

  byWebhookToken(token: string): InteractionRecord | undefined {
    return this.byToken.get(token);
  }

  all(): InteractionRecord[] {
    return [...this.byId.values()];
  }

  addResponse(record: InteractionRecord, response: InteractionResponseRecord): void {
    record.responses.push(response);
  }

  /** The latest modal (callback type 9) the bot showed with this custom id, across all interactions. */
  lastModal(customId: string, userId?: string): { interaction: InteractionRecord; response: InteractionResponseRecord } | undefined {
    let found: { interaction: InteractionRecord; response: InteractionResponseRecord } | undefined;
    for (const interaction of this.byId.values()) {
      if (userId !== undefined && interaction.userId !== userId) continue;
      for (const response of interaction.responses) {
        if (response.callbackType === 9 && response.data['custom_id'] === customId) {
          if (!found || response.seq > found.response.seq) found = { interaction, response };
        }
      }
    }
    return found;
  }
}
