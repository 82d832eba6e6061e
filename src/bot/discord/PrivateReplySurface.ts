import { messageId } from '../../location.js';
import { messageRef, type MessageRef } from '../../messageRef.js';
import { MessageFlags, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { Card } from '../../commands/card.js';
import type { ChatSurface } from '../../commands/interview/ChatSurface.js';
import { renderCard, renderEdit } from './renderCard.js';

type Replyable = ChatInputCommandInteraction | ModalSubmitInteraction;

/** The id of the interaction's own reply; follow-ups get their message ids. */
const ORIGINAL = messageRef(messageId('@original'), true);

/**
 * A drill shown only to its owner, inside one interaction: the first card is the interaction's reply (or fills
 * the deferred one), later cards are follow-ups, all ephemeral. The person is "you" on these cards.
 */
export class PrivateReplySurface implements ChatSurface {
  constructor(private readonly interaction: Replyable) {}

  async post(card: Card): Promise<MessageRef> {
    const payload = renderCard(card);
    if (this.interaction.deferred && !this.interaction.replied) {
      await this.interaction.editReply(payload);
      return ORIGINAL;
    }
    if (!this.interaction.replied) {
      await this.interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
      return ORIGINAL;
    }
    const message = await this.interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
    return messageRef(messageId(message.id), true);
  }

  async edit(message: MessageRef, card: Card): Promise<void> {
    await this.interaction.editReply({ ...renderEdit(card), message: message.id });
  }

  mention(): string {
    return 'you';
  }
}
