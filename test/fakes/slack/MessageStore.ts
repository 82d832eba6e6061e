import { nextTs } from './slackIds.js';
import type { EphemeralMessage, FakeSlackFile, StoredMessage } from './types.js';

export interface NewMessage {
  channel: string;
  text: string;
  user: string;
  bot_id: string;
  thread_ts?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  reply_broadcast?: boolean;
  files?: FakeSlackFile[];
}

export interface MessageChanges {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
}

function byTs(a: { ts: string }, b: { ts: string }): number {
  return Number(a.ts) - Number(b.ts);
}

/** Messages the bot posted, keyed by channel and ts; updates mutate in place so readers see the latest state. */
export class MessageStore {
  private readonly messages = new Map<string, StoredMessage>();
  private readonly ephemerals: EphemeralMessage[] = [];

  private static key(channel: string, ts: string): string {
    return `${channel}/${ts}`;
  }

  post(input: NewMessage): StoredMessage {
    const message: StoredMessage = { type: 'message', ts: nextTs(), reactions: [], edits: 0, deleted: false, ...input };
    this.messages.set(MessageStore.key(input.channel, message.ts), message);
    return message;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    const message = this.messages.get(MessageStore.key(channel, ts));
    return message?.deleted === true ? undefined : message;
  }

  /** Slack keeps fields a chat.update leaves out (blocks, attachments) and replaces the ones it sends. */
  update(channel: string, ts: string, changes: MessageChanges): StoredMessage | undefined {
    const message = this.find(channel, ts);
    if (message === undefined) return undefined;
    if (changes.text !== undefined) message.text = changes.text;
    if (changes.blocks !== undefined) message.blocks = changes.blocks;
    if (changes.attachments !== undefined) message.attachments = changes.attachments;
    if (changes.metadata !== undefined) message.metadata = changes.metadata;
    message.edits += 1;
    return message;
  }

  delete(channel: string, ts: string): boolean {
    const message = this.find(channel, ts);
    if (message === undefined) return false;
    message.deleted = true;
    return true;
  }

  /** Thread root (if the bot posted it) followed by replies, oldest first; deleted messages left out. */
  thread(channel: string, threadTs: string): StoredMessage[] {
    return [...this.messages.values()]
      .filter((m) => !m.deleted && m.channel === channel && (m.ts === threadTs || m.thread_ts === threadTs))
      .sort(byTs);
  }

  channel(channel: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => !m.deleted && m.channel === channel).sort(byTs);
  }

  all(): StoredMessage[] {
    return [...this.messages.values()].filter((m) => !m.deleted).sort(byTs);
  }

  addReaction(channel: string, ts: string, name: string, user: string): 'ok' | 'message_not_found' | 'already_reacted' {
    const message = this.find(channel, ts);
    if (message === undefined) return 'message_not_found';
    let reaction = message.reactions.find((r) => r.name === name);
    if (reaction === undefined) {
      reaction = { name, users: [], count: 0 };
      message.reactions.push(reaction);
    }
    if (reaction.users.includes(user)) return 'already_reacted';
    reaction.users.push(user);
    reaction.count += 1;
    return 'ok';
  }

  postEphemeral(input: Omit<EphemeralMessage, 'message_ts'>): EphemeralMessage {
    const message: EphemeralMessage = { ...input, message_ts: nextTs() };
    this.ephemerals.push(message);
    return message;
  }

  ephemeral(channel?: string): EphemeralMessage[] {
    return this.ephemerals.filter((m) => channel === undefined || m.channel === channel);
  }
}
