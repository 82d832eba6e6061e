import type { Card } from '../../src/commands/card.js';
import type { ChatSurface } from '../../src/commands/interview/ChatSurface.js';
import type { UserRow } from '../../src/db/schema.js';
import { messageId as toMessageId } from '../../src/location.js';
import { messageRef, type MessageRef } from '../../src/messageRef.js';

/** A ChatSurface that keeps what the flow showed: every card in order, and each message's latest card. */
export class RecordingSurface implements ChatSurface {
  /** Every card posted or edited in, in order. */
  readonly shown: { messageId: string; card: Card; edit: boolean }[] = [];
  readonly messages = new Map<string, Card>();
  #next = 1;

  constructor(private readonly name: (user: Pick<UserRow, 'platformUserId' | 'displayName'>) => string = () => 'you') {}

  post(card: Card): Promise<MessageRef> {
    const messageId = `m${this.#next++}`;
    this.messages.set(messageId, card);
    this.shown.push({ messageId, card, edit: false });
    return Promise.resolve(messageRef(toMessageId(messageId)));
  }

  edit(message: MessageRef, card: Card): Promise<void> {
    const messageId = message.id;
    if (!this.messages.has(messageId)) return Promise.reject(new Error(`no message ${messageId}`));
    this.messages.set(messageId, card);
    this.shown.push({ messageId, card, edit: true });
    return Promise.resolve();
  }

  mention(user: Pick<UserRow, 'platformUserId' | 'displayName'>): string {
    return this.name(user);
  }

  /** The latest card of the newest message whose title matches. */
  latest(title: RegExp): Card | undefined {
    return [...this.messages.values()].filter((c) => title.test(c.title)).at(-1);
  }
}
