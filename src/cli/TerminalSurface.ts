import { messageId } from '../location.js';
import { messageRef, type MessageRef } from '../messageRef.js';
import type { Card } from '../commands/card.js';
import type { ChatSurface } from '../commands/interview/ChatSurface.js';
import { renderCardText, type Terminal } from './terminal.js';

/**
 * The terminal as the interview flow's ChatSurface. A terminal cannot edit what it printed, so an answer's
 * progress message is not printed at all (a spinner shows the wait) and its final card — feedback or the reason it
 * failed — is printed when the flow edits it in. Problems go to stderr as one plain line.
 */
export class TerminalSurface implements ChatSurface {
  #next = 1;

  constructor(
    private readonly term: Terminal,
    /** Where the conversation goes: stdout, or stderr when stdout carries JSON. */
    private readonly say: (text: string) => void,
    private readonly username: string,
  ) {}

  post(card: Card): Promise<MessageRef> {
    this.#print(card);
    return Promise.resolve(messageRef(messageId(`t${this.#next++}`)));
  }

  edit(_message: MessageRef, card: Card): Promise<void> {
    this.#print(card);
    return Promise.resolve();
  }

  mention(): string {
    return this.username;
  }

  #print(card: Card): void {
    if (card.tone === 'progress') return;
    if (card.tone === 'error') {
      this.term.err(card.description ?? card.title);
      return;
    }
    this.say(`\n${renderCardText(card, this.term.color)}`);
  }
}
