import type { MessageId } from './location.js';

/**
 * A posted message a later step may edit (progress → feedback). An ephemeral Slack message (seen by one person) has
 * a ts but cannot be edited through the Web API: the surface sends the newer state as a new message instead.
 */
export interface MessageRef {
  readonly id: MessageId;
  readonly ephemeral: boolean;
}

export const messageRef = (id: MessageId, ephemeral = false): MessageRef => ({ id, ephemeral });

/** The progress message stored with an answer (`answers.reply_ref`, `reply_ephemeral`), if it had one. */
export function replyOf(answer: { replyRef: MessageId | null; replyEphemeral: boolean }): MessageRef | undefined {
  return answer.replyRef === null ? undefined : messageRef(answer.replyRef, answer.replyEphemeral);
}
