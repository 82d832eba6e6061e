import type { MessageRef } from '../../messageRef.js';
import type { UserRow } from '../../db/schema.js';
import type { Card } from '../card.js';

/**
 * Where a round is shown: a Discord thread, a Slack thread, a terminal. Adapters implement it;
 * the interview flow only posts and edits cards through it.
 */
export interface ChatSurface {
  /** Posts a card and returns a reference to the new message. */
  post(card: Card): Promise<MessageRef>;
  /** Replaces a posted message's card (progress → feedback, lobby → started). */
  edit(message: MessageRef, card: Card): Promise<void>;
  /** How to name a person on this platform (`<@123>` on Discord and Slack). */
  mention(user: Pick<UserRow, 'platformUserId' | 'displayName'>): string;
}
