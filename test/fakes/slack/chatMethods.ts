import { slackError, wireMessage, type ApiContext, type ApiHandler } from './apiContext.js';
import { argBool, argString } from './parseApiArgs.js';
import type { ApiArgs } from './types.js';
import { validateBlocks } from './validateBlocks.js';

const MAX_TEXT = 40_000;

function arrayArg(args: ApiArgs, key: string): unknown[] | undefined {
  const value = args[key];
  return Array.isArray(value) ? value : undefined;
}

/** Slack answers invalid_blocks (with pointer messages) before doing anything else. */
function blocksError(args: ApiArgs): Record<string, unknown> | undefined {
  if (args.blocks === undefined) return undefined;
  const problem = validateBlocks(args.blocks);
  return problem === undefined ? undefined : slackError(problem.error, { response_metadata: { messages: problem.messages } });
}

/** A user id as channel means "DM that user"; Slack answers with the DM's own D… id. */
function resolveChannel(channel: string | undefined, ctx: ApiContext): string | undefined {
  if (channel === undefined) return undefined;
  if (ctx.directory.channel(channel) !== undefined) return channel;
  if (ctx.directory.user(channel) !== undefined) return ctx.directory.addChannel({ id: `D${channel.slice(1)}`, user: channel }).id;
  return undefined;
}

const postMessage: ApiHandler = (args, ctx) => {
  const channel = resolveChannel(argString(args, 'channel'), ctx);
  if (channel === undefined) return slackError('channel_not_found');
  const text = argString(args, 'text') ?? '';
  const blocks = arrayArg(args, 'blocks');
  const attachments = arrayArg(args, 'attachments');
  const invalid = blocksError(args);
  if (invalid !== undefined) return invalid;
  if (text === '' && blocks === undefined && attachments === undefined) return slackError('no_text');
  if (text.length > MAX_TEXT) return slackError('msg_too_long');
  const threadTs = argString(args, 'thread_ts');
  const message = ctx.messages.post({
    channel,
    text,
    user: ctx.identity.botUserId,
    bot_id: ctx.identity.botId,
    ...(threadTs !== undefined && { thread_ts: threadTs }),
    ...(blocks !== undefined && { blocks }),
    ...(attachments !== undefined && { attachments }),
    ...(args.metadata !== undefined && { metadata: args.metadata }),
    ...(argBool(args, 'reply_broadcast') && { reply_broadcast: true }),
  });
  return { ok: true, channel, ts: message.ts, message: wireMessage(message, ctx) };
};

const update: ApiHandler = (args, ctx) => {
  const channel = argString(args, 'channel');
  const ts = argString(args, 'ts');
  if (channel === undefined || ctx.directory.channel(channel) === undefined) return slackError('channel_not_found');
  if (ts === undefined) return slackError('message_not_found');
  const invalid = blocksError(args);
  if (invalid !== undefined) return invalid;
  const text = argString(args, 'text');
  if (text !== undefined && text.length > MAX_TEXT) return slackError('msg_too_long');
  const blocks = arrayArg(args, 'blocks');
  const attachments = arrayArg(args, 'attachments');
  const message = ctx.messages.update(channel, ts, {
    ...(text !== undefined && { text }),
    ...(blocks !== undefined && { blocks }),
    ...(attachments !== undefined && { attachments }),
    ...(args.metadata !== undefined && { metadata: args.metadata }),
  });
  if (message === undefined) return slackError('message_not_found');
  return { ok: true, channel, ts, text: message.text, message: wireMessage(message, ctx) };
};

const postEphemeral: ApiHandler = (args, ctx) => {
  const channel = argString(args, 'channel');
  const user = argString(args, 'user');
  if (channel === undefined || ctx.directory.channel(channel) === undefined) return slackError('channel_not_found');
  if (user === undefined || ctx.directory.user(user) === undefined) return slackError('user_not_in_channel');
  const invalid = blocksError(args);
  if (invalid !== undefined) return invalid;
  const text = argString(args, 'text') ?? '';
  const blocks = arrayArg(args, 'blocks');
  if (text === '' && blocks === undefined && args.attachments === undefined) return slackError('no_text');
  const threadTs = argString(args, 'thread_ts');
  const message = ctx.messages.postEphemeral({
    channel,
    user,
    text,
    ...(threadTs !== undefined && { thread_ts: threadTs }),
    ...(blocks !== undefined && { blocks }),
  });
  return { ok: true, message_ts: message.message_ts };
};

const deleteMessage: ApiHandler = (args, ctx) => {
  const channel = argString(args, 'channel');
  const ts = argString(args, 'ts');
  if (channel === undefined || ctx.directory.channel(channel) === undefined) return slackError('channel_not_found');
  if (ts === undefined || !ctx.messages.delete(channel, ts)) return slackError('message_not_found');
  return { ok: true, channel, ts };
};

const addReaction: ApiHandler = (args, ctx) => {
  const channel = argString(args, 'channel');
  const ts = argString(args, 'timestamp');
  const name = argString(args, 'name');
  if (channel === undefined || ctx.directory.channel(channel) === undefined) return slackError('channel_not_found');
  if (name === undefined || name === '') return slackError('invalid_name');
  if (ts === undefined) return slackError('message_not_found');
  const outcome = ctx.messages.addReaction(channel, ts, name.replace(/^:|:$/g, ''), ctx.identity.botUserId);
  return outcome === 'ok' ? { ok: true } : slackError(outcome);
};

export const chatMethods: Record<string, ApiHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.delete': deleteMessage,
  'reactions.add': addReaction,
};
