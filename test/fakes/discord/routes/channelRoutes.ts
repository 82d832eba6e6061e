import { getBoolean, getNumber, getString } from '../json.js';
import { isEphemeral } from '../MessageActions.js';
import { readMessageFields } from '../messageBody.js';
import { apiError, bodyObject, noContent, ok, type RestContext, type RestRouter } from '../RestRouter.js';
import { ChannelKind, type FakeChannel, type StoredMessage } from '../types.js';
import { emptyMessageError, isEmptyMessage, validateMessageBody } from '../validateMessage.js';
import { unknownChannel, unknownMessage, type RouteDeps } from './RouteDeps.js';

const TEXT_CAPABLE = new Set<number>([
  ChannelKind.GuildText,
  ChannelKind.DM,
  ChannelKind.GuildVoice,
  ChannelKind.PublicThread,
  ChannelKind.PrivateThread,
]);

/** Channels, their messages, typing, reactions and threads. */
export function addChannelRoutes(router: RestRouter, deps: RouteDeps): void {
  const { state, messages, payloads, actions } = deps;

  const channelOf = (ctx: RestContext): FakeChannel | undefined => state.channels.get(ctx.params['channelId'] ?? '');
  const messageOf = (ctx: RestContext, channel: FakeChannel): StoredMessage | undefined => {
    // Ephemeral messages exist only for their interaction's webhook, never for channel endpoints.
    const message = messages.get(ctx.params['messageId'] ?? '');
    return message && message.channelId === channel.id && !message.deleted && !isEphemeral(message) ? message : undefined;
  };

  router.add('GET', '/channels/:channelId', (ctx) => {
    const channel = channelOf(ctx);
    return channel ? ok(payloads.channel(channel)) : unknownChannel();
  });

  router.add('PATCH', '/channels/:channelId', (ctx) => {
    const channel = channelOf(ctx);
    if (!channel) return unknownChannel();
    const body = bodyObject(ctx);
    const name = getString(body, 'name');
    if (name !== undefined) channel.name = name;
    if (channel.thread) {
      const archived = getBoolean(body, 'archived');
      const locked = getBoolean(body, 'locked');
      if (archived !== undefined) channel.thread.archived = archived;
      if (locked !== undefined) channel.thread.locked = locked;
      channel.thread.archiveTimestamp = new Date().toISOString();
    }
    const payload = payloads.channel(channel);
    deps.dispatch(channel.thread ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE', payload);
    return ok(payload);
  });

  router.add('POST', '/channels/:channelId/messages', (ctx) => {
    const channel = channelOf(ctx);
    if (!channel || !TEXT_CAPABLE.has(channel.type)) return unknownChannel();
    const body = bodyObject(ctx);
    const invalid = validateMessageBody(body);
    if (invalid) return invalid;
    const fields = readMessageFields(body, ctx.files, messages, []);
    if (isEmptyMessage(fields)) return emptyMessageError();
    if (channel.thread?.locked) return apiError(403, 50083, 'Thread is archived');
    if (channel.thread) channel.thread.archived = false;
    const referenced = fields.referencedMessageId;
    const message = actions.create({
      channelId: channel.id,
      guildId: channel.guildId,
      authorId: state.bot.id,
      type: referenced ? 19 : 0,
      content: fields.content,
      embeds: fields.embeds,
      components: fields.components,
      flags: fields.flags,
      attachments: fields.attachments,
      referencedMessageId: referenced,
    });
    return ok(payloads.message(message));
  });

  router.add('GET', '/channels/:channelId/messages', (ctx) => {
    const channel = channelOf(ctx);
    if (!channel) return unknownChannel();
    const limit = Math.min(Number(ctx.query.get('limit') ?? 50), 100);
    const newestFirst = messages.inChannel(channel.id).filter((m) => !isEphemeral(m)).reverse();
    return ok(newestFirst.slice(0, limit).map((m) => payloads.message(m)));
  });

  router.add('GET', '/channels/:channelId/messages/:messageId', (ctx) => {
    const channel = channelOf(ctx);
    if (!channel) return unknownChannel();
    const message = messageOf(ctx, channel);
    return message ? ok(payloads.message(message)) : unknownMessage();
  });

  router.add('PATCH', '/channels/:channelId/messages/:messageId', (ctx) => {
    const channel = channelOf(ctx);
    if (!channel) return unknownChannel();
    const message = messageOf(ctx, channel);
    if (!message) return unknownMessage();
    if (message.authorId !== state.bot.id) return apiError(403, 50005, 'Cannot edit a message authored by another user');
    const body = bodyObject(ctx);
    const invalid = validateMessageBody(body);
    if (invalid) return invalid;
    const fields = readMessageFields(body, ctx.files, messages, message.attachments);
    if (isEmptyMessage(fields, message)) return emptyMessageError();
    actions.edit(message, fields);
    return ok(payloads.message(message));
  });

  router.add('DELETE', '/channels/:channelId/messages/:messageId', (ctx) => {
    const channel = channelOf(ctx);
    if (!channel) return unknownChannel();
    const message = messageOf(ctx, channel);
    if (!message) return unknownMessage();
    actions.delete(message);
    return noContent();
  });

  router.add('POST', '/channels/:channelId/typing', (ctx) => (channelOf(ctx) ? noContent() : unknownChannel()));

  const reaction = (ctx: RestContext) => {
    const channel = channelOf(ctx);
    if (!channel) return unknownChannel();
    return messageOf(ctx, channel) ? noContent() : unknownMessage();
  };
  router.add('PUT', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', reaction);
  router.add('DELETE', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', reaction);

  const threadMember = (ctx: RestContext) => {
    const channel = channelOf(ctx);
    if (!channel?.thread) return unknownChannel();
    const userId = ctx.params['userId'] === '@me' ? state.bot.id : (ctx.params['userId'] ?? '');
    return state.users.has(userId) ? noContent() : apiError(404, 10013, 'Unknown User');
  };
  router.add('PUT', '/channels/:channelId/thread-members/:userId', threadMember);
  router.add('DELETE', '/channels/:channelId/thread-members/:userId', threadMember);

  const startThread = (ctx: RestContext, fromMessage: StoredMessage | undefined) => {
    const parent = channelOf(ctx);
    if (!parent) return unknownChannel();
    if (parent.type !== ChannelKind.GuildText) return apiError(400, 50024, 'Cannot execute action on this channel type');
    const body = bodyObject(ctx);
    const name = getString(body, 'name') ?? '';
    if (name.length < 1 || name.length > 100) return apiError(400, 50035, 'Invalid Form Body: name must be 1-100 characters');
    const requestedType = getNumber(body, 'type');
    const thread = state.createThread({
      parentId: parent.id,
      name,
      type: fromMessage || requestedType !== ChannelKind.PrivateThread ? ChannelKind.PublicThread : ChannelKind.PrivateThread,
      ownerId: state.bot.id,
      autoArchiveDuration: getNumber(body, 'auto_archive_duration') ?? 4320,
      // A thread started from a message takes that message's id.
      id: fromMessage?.id,
    });
    const payload = payloads.channel(thread);
    deps.dispatch('THREAD_CREATE', { ...payload, newly_created: true });
    return { status: 201, body: payload };
  };
  router.add('POST', '/channels/:channelId/threads', (ctx) => startThread(ctx, undefined));
  router.add('POST', '/channels/:channelId/messages/:messageId/threads', (ctx) => {
    const parent = channelOf(ctx);
    if (!parent) return unknownChannel();
    const message = messageOf(ctx, parent);
    if (!message) return unknownMessage();
    if (state.channels.has(message.id)) return apiError(400, 160004, 'A thread has already been created for this message');
    return startThread(ctx, message);
  });
}
