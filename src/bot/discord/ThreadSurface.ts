import { messageId } from '../../location.js';
import { messageRef, type MessageRef } from '../../messageRef.js';
import type { SendableChannels } from 'discord.js';
import type { Card } from '../../commands/card.js';
import type { ChatSurface } from '../../commands/interview/ChatSurface.js';
import type { UserRow } from '../../db/schema.js';
import { renderCard, renderEdit } from './renderCard.js';

/** A session thread (or channel) as the interview flow's ChatSurface. */
export class ThreadSurface implements ChatSurface {
  constructor(
    private readonly channel: SendableChannels & { messages: { edit: (id: string, options: object) => Promise<unknown> } },
    /** How people are named here; a DM with the bot says "you". */
    private readonly naming: { mention?: (user: Pick<UserRow, 'platformUserId' | 'displayName'>) => string } = {},
  ) {}

  async post(card: Card): Promise<MessageRef> {
    const message = await this.channel.send(renderCard(card));
    return messageRef(messageId(message.id));
  }

  async edit(message: MessageRef, card: Card): Promise<void> {
    await this.channel.messages.edit(message.id, renderEdit(card));
  }

  mention(user: Pick<UserRow, 'platformUserId' | 'displayName'>): string {
    return this.naming.mention?.(user) ?? `<@${user.platformUserId}>`;
  }
}
