import type { Directory } from './Directory.js';
import type { FileStore } from './FileStore.js';
import type { MessageStore } from './MessageStore.js';
import type { ApiArgs, StoredMessage } from './types.js';

export interface FakeIdentity {
  readonly botToken: string;
  readonly signingSecret: string;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly botName: string;
}

export interface ApiContext {
  readonly identity: FakeIdentity;
  readonly messages: MessageStore;
  readonly files: FileStore;
  readonly directory: Directory;
  readonly baseUrl: () => string;
}

/** A Web API method: arguments in, Slack JSON body out (always HTTP 200, like Slack). */
export type ApiHandler = (args: ApiArgs, ctx: ApiContext) => Record<string, unknown>;

export function slackError(error: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ok: false, error, ...extra };
}

/** A stored message as Slack returns it inside chat.* answers and interaction payloads. */
export function wireMessage(message: StoredMessage, ctx: ApiContext): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    type: 'message',
    user: message.user,
    bot_id: message.bot_id,
    app_id: ctx.identity.appId,
    text: message.text,
    ts: message.ts,
    team: ctx.identity.teamId,
    bot_profile: { id: message.bot_id, app_id: ctx.identity.appId, name: ctx.identity.botName, team_id: ctx.identity.teamId },
  };
  if (message.blocks !== undefined) wire.blocks = message.blocks;
  if (message.attachments !== undefined) wire.attachments = message.attachments;
  if (message.thread_ts !== undefined) wire.thread_ts = message.thread_ts;
  if (message.files !== undefined) wire.files = message.files;
  if (message.metadata !== undefined) wire.metadata = message.metadata;
  if (message.edits > 0) wire.edited = { user: message.user, ts: message.ts };
  return wire;
}
