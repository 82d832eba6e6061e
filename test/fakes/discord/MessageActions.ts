import type { JsonObject } from './json.js';
import type { FakeState } from './FakeState.js';
import type { MessageInit, MessagePatch, MessageStore } from './MessageStore.js';
import type { Payloads } from './Payloads.js';
import { MessageFlag, type StoredMessage } from './types.js';

/**
 * Creates, edits and deletes messages the way Discord does: the store changes and the matching gateway event goes
 * out (bots receive their own messages too; ephemeral messages never reach the gateway).
 */
export class MessageActions {
  constructor(
    private readonly state: FakeState,
    private readonly messages: MessageStore,
    private readonly payloads: Payloads,
    private readonly dispatch: (event: string, data: JsonObject) => void,
  ) {}

  /** The MESSAGE_CREATE / MESSAGE_UPDATE shape: REST message + guild member (without user) + channel type. */
  gatewayMessage(message: StoredMessage): JsonObject {
    const payload = this.payloads.message(message);
    const channel = this.state.channels.get(message.channelId);
    if (channel) payload['channel_type'] = channel.type;
    if (message.guildId) {
      const guild = this.state.guilds.get(message.guildId);
      const member = guild?.members.get(message.authorId);
      if (guild && member && !message.webhookId) payload['member'] = this.payloads.member(guild, member, { withUser: false });
    }
    return payload;
  }

  create(init: MessageInit): StoredMessage {
    const message = this.messages.create(init);
    if (!isEphemeral(message)) this.dispatch('MESSAGE_CREATE', this.gatewayMessage(message));
    return message;
  }

  edit(message: StoredMessage, patch: MessagePatch): StoredMessage {
    this.messages.edit(message, patch);
    if (!isEphemeral(message)) this.dispatch('MESSAGE_UPDATE', this.gatewayMessage(message));
    return message;
  }

  delete(message: StoredMessage): void {
    message.deleted = true;
    if (isEphemeral(message)) return;
    this.dispatch('MESSAGE_DELETE', {
      id: message.id,
      channel_id: message.channelId,
      ...(message.guildId ? { guild_id: message.guildId } : {}),
    });
  }
}

export function isEphemeral(message: StoredMessage): boolean {
  return (message.flags & MessageFlag.Ephemeral) !== 0;
}
