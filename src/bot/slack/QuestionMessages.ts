import type { Card } from '../../commands/card.js';
import type { SessionId } from '../../ids.js';

export interface QuestionMessage {
  channel: string;
  ts: string;
  card: Card;
  /** Re-renders the message without its buttons. */
  retire(): Promise<void>;
}

/**
 * The message that carries each open session's live Repeat / Skip / End buttons. Buttons act on the session's
 * current question, so older question messages lose theirs, and a click on a stale message can be recognised.
 * In memory only: after a restart the old buttons stay, and clicks on them act on the current question.
 */
export class QuestionMessages {
  private readonly bySession = new Map<string, QuestionMessage>();

  /** Records the new question message and retires the previous one. */
  async replace(sessionId: SessionId, message: QuestionMessage): Promise<void> {
    const previous = this.bySession.get(sessionId);
    this.bySession.set(sessionId, message);
    if (previous && previous.ts !== message.ts) await previous.retire();
  }

  async retire(sessionId: SessionId): Promise<void> {
    const previous = this.bySession.get(sessionId);
    this.bySession.delete(sessionId);
    await previous?.retire();
  }

  /** True when `ts` is known to be an older question of this session. */
  isStale(sessionId: SessionId, ts: string | undefined): boolean {
    const current = this.bySession.get(sessionId);
    return current !== undefined && ts !== undefined && current.ts !== ts;
  }
}
