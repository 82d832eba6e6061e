/**
 * Realistic Events API payloads (the `event` part of an event_callback), shaped like what Slack delivers.
 * Pure functions: pass the result to `FakeSlack.sendEvent`.
 */
import { channelTypeOf, nextTs } from './slackIds.js';
import type { FakeSlackFile } from './types.js';

export type TextMessageEvent = {
  type: 'message';
  user: string;
  text: string;
  ts: string;
  channel: string;
  channel_type: 'im' | 'group' | 'channel';
  event_ts: string;
  client_msg_id: string;
  team?: string;
  thread_ts?: string;
  parent_user_id?: string;
};

export type FileShareMessageEvent = {
  type: 'message';
  subtype: 'file_share';
  user: string;
  text: string;
  files: FakeSlackFile[];
  upload: boolean;
  display_as_bot: boolean;
  ts: string;
  channel: string;
  channel_type: 'im' | 'group' | 'channel';
  event_ts: string;
  thread_ts?: string;
  parent_user_id?: string;
};

export type FileSharedEvent = {
  type: 'file_shared';
  file_id: string;
  user_id: string;
  file: { id: string };
  channel_id: string;
  event_ts: string;
};

let clientMsgCounter = 0;

function clientMsgId(): string {
  clientMsgCounter += 1;
  return `00000000-0000-4000-8000-${String(clientMsgCounter).padStart(12, '0')}`;
}

export function textMessage(input: { user: string; channel: string; text: string; ts?: string; team?: string }): TextMessageEvent {
  const ts = input.ts ?? nextTs();
  return {
    type: 'message',
    user: input.user,
    text: input.text,
    ts,
    channel: input.channel,
    channel_type: channelTypeOf(input.channel),
    event_ts: ts,
    client_msg_id: clientMsgId(),
    ...(input.team !== undefined && { team: input.team }),
  };
}

/** A plain text reply in a thread (`thread_ts` = the root's ts). */
export function threadReply(input: {
  user: string;
  channel: string;
  thread_ts: string;
  text: string;
  parent_user_id?: string;
  ts?: string;
}): TextMessageEvent {
  return {
    ...textMessage(input),
    thread_ts: input.thread_ts,
    ...(input.parent_user_id !== undefined && { parent_user_id: input.parent_user_id }),
  };
}

/**
 * `message` with subtype `file_share`: what arrives when a user records a clip or attaches a file. Clips have
 * empty text. Delivered only with the channel's `*:history` scope.
 */
export function fileShareMessage(input: {
  user: string;
  channel: string;
  files: FakeSlackFile[];
  text?: string;
  thread_ts?: string;
  parent_user_id?: string;
  ts?: string;
}): FileShareMessageEvent {
  const ts = input.ts ?? nextTs();
  return {
    type: 'message',
    subtype: 'file_share',
    user: input.user,
    text: input.text ?? '',
    files: input.files,
    upload: false,
    display_as_bot: false,
    ts,
    channel: input.channel,
    channel_type: channelTypeOf(input.channel),
    event_ts: ts,
    ...(input.thread_ts !== undefined && { thread_ts: input.thread_ts }),
    ...(input.parent_user_id !== undefined && { parent_user_id: input.parent_user_id }),
  };
}

/** `file_shared` (needs files:read): carries only the file id; Slack may send it alongside the file_share message. */
export function fileSharedEvent(input: { file: FakeSlackFile | string; user: string; channel: string }): FileSharedEvent {
  const id = typeof input.file === 'string' ? input.file : input.file.id;
  return { type: 'file_shared', file_id: id, user_id: input.user, file: { id }, channel_id: input.channel, event_ts: nextTs() };
}
