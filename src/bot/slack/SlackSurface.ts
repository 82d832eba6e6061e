import { messageId, type MessageId } from '../../location.js';
import { messageRef, type MessageRef } from '../../messageRef.js';
import type { webApi } from '@slack/bolt';
import type { SessionId } from '../../ids.js';
import type { Card } from '../../commands/card.js';
import type { ChatSurface } from '../../commands/interview/ChatSurface.js';
import type { UserRow } from '../../db/schema.js';
import type { QuestionMessages } from './QuestionMessages.js';
import { renderBlocks } from './renderBlocks.js';
import { mentionOf, type SlackThread } from './slackIds.js';

type WebClient = webApi.WebClient;

export interface SlackSurfaceOptions {
  /** The person who acted; ephemeral cards (errors meant for them) go to them only. */
  actorUserId?: string;
  /** Tracks question messages so older ones lose their buttons. */
  questions?: QuestionMessages;
}

/** A posted message's ts as its id (Slack always returns one for a message it accepted). */
const slackMessage = (ts: string | undefined): MessageId => messageId(ts ?? '');

/** The session whose Repeat / Skip / End this card carries, if it is a question card with them. */
function controlledSession(card: Card): SessionId | undefined {
  return card.kind?.type === 'question' && card.kind.controls ? card.kind.sessionId : undefined;
}

/** One Slack thread as the interview flow's ChatSurface. */
export class SlackSurface implements ChatSurface {
  private placeholder: MessageRef | undefined;

  constructor(
    private readonly client: WebClient,
    readonly thread: SlackThread,
    private readonly options: SlackSurfaceOptions = {},
  ) {}

  /**
   * Makes the next `post` replace an already posted message (e.g. "⏳ downloading your clip…"), so one answer keeps
   * one status message from download to feedback.
   */
  adopt(message: MessageRef): void {
    this.placeholder = message;
  }

  async post(card: Card): Promise<MessageRef> {
    const placeholder = this.placeholder;
    if (placeholder !== undefined) {
      this.placeholder = undefined;
      await this.edit(placeholder, card);
      return placeholder;
    }
    const actor = this.options.actorUserId;
    if (card.ephemeral === true && actor !== undefined) return this.postEphemeral(actor, card);
    const result = await this.client.chat.postMessage({
      channel: this.thread.channel,
      thread_ts: this.thread.threadTs,
      ...renderBlocks(card),
      unfurl_links: false,
      unfurl_media: false,
    });
    const ts = result.ts ?? '';
    if (card.image) await this.uploadImage(card.image);
    await this.track(card, ts);
    return messageRef(slackMessage(ts));
  }

  async edit(message: MessageRef, card: Card): Promise<void> {
    if (message.ephemeral) {
      // Ephemeral messages cannot be edited through the Web API; the newer state is sent as a new one.
      const actor = this.options.actorUserId;
      if (actor !== undefined) await this.postEphemeral(actor, card);
      return;
    }
    await this.client.chat.update({ channel: this.thread.channel, ts: message.id, ...renderBlocks(card) });
  }

  mention(user: Pick<UserRow, 'platformUserId' | 'displayName'>): string {
    return mentionOf(user.platformUserId);
  }

  /** A plain mrkdwn line in the thread (the how-to-answer note). */
  async postText(text: string): Promise<string> {
    const result = await this.client.chat.postMessage({ channel: this.thread.channel, thread_ts: this.thread.threadTs, text });
    return result.ts ?? '';
  }

  private async postEphemeral(user: string, card: Card): Promise<MessageRef> {
    const result = await this.client.chat.postEphemeral({
      channel: this.thread.channel,
      thread_ts: this.thread.threadTs,
      user,
      ...renderBlocks(card),
    });
    return messageRef(slackMessage(result.message_ts), true);
  }

  private async uploadImage(image: NonNullable<Card['image']>): Promise<void> {
    await this.client.files.uploadV2({
      channel_id: this.thread.channel,
      thread_ts: this.thread.threadTs,
      file: image.png,
      filename: image.name,
      alt_text: image.alt,
    });
  }

  private async track(card: Card, ts: string): Promise<void> {
    const questions = this.options.questions;
    const sessionId = controlledSession(card);
    if (!questions || sessionId === undefined || ts === '') return;
    const { client, thread } = this;
    await questions.replace(sessionId, {
      channel: thread.channel,
      ts,
      card,
      async retire() {
        await client.chat.update({ channel: thread.channel, ts, ...renderBlocks({ ...card, buttons: [] }) }).catch(() => undefined);
      },
    });
  }
}
