import { getArray, getNumber, getObject, getString, type Json, type JsonObject } from '../json.js';
import { readMessageFields } from '../messageBody.js';
import { isEphemeral } from '../MessageActions.js';
import { apiError, bodyObject, noContent, ok, type RestContext, type RestReply, type RestRouter } from '../RestRouter.js';
import { MessageFlag, type InteractionRecord, type InteractionResponseKind, type StoredMessage } from '../types.js';
import { emptyMessageError, isEmptyMessage, validateMessageBody } from '../validateMessage.js';
import { unknownInteraction, unknownMessage, unknownWebhook, type RouteDeps } from './RouteDeps.js';

/** Which callback types Discord accepts for each interaction type (2 command, 3 component, 4 autocomplete, 5 modal). */
const ALLOWED_CALLBACKS: Record<number, readonly number[]> = {
  2: [4, 5, 9],
  3: [4, 5, 6, 7, 9],
  4: [8],
  5: [4, 5, 6, 7],
};

/** Interaction callbacks and the interaction webhook (edit original, follow-ups). */
export function addInteractionRoutes(router: RestRouter, deps: RouteDeps): void {
  const { state, messages, interactions, payloads, actions } = deps;

  const record = (interaction: InteractionRecord, kind: InteractionResponseKind, ctx: RestContext, extra: {
    callbackType?: number;
    data?: JsonObject;
    message?: StoredMessage;
  }): void => {
    interactions.addResponse(interaction, {
      kind,
      callbackType: extra.callbackType ?? null,
      data: extra.data ?? bodyObject(ctx),
      files: ctx.files,
      ephemeral: extra.message ? isEphemeral(extra.message) : false,
      messageId: extra.message?.id ?? null,
      seq: deps.nextSeq(),
    });
  };

  router.add(
    'POST',
    '/interactions/:interactionId/:token/callback',
    (ctx) => {
      const interaction = interactions.get(ctx.params['interactionId'] ?? '');
      if (!interaction || interaction.token !== ctx.params['token']) return unknownInteraction();
      const deadline = deps.callbackDeadlineMs();
      if (deadline > 0 && Date.now() - interaction.createdAt > deadline) return unknownInteraction();
      if (interaction.callbackType !== null) return apiError(400, 40060, 'Interaction has already been acknowledged.');
      const body = bodyObject(ctx);
      const type = getNumber(body, 'type') ?? -1;
      const data = getObject(body, 'data') ?? {};
      if (!(ALLOWED_CALLBACKS[interaction.type] ?? []).includes(type)) {
        return apiError(400, 50035, `Invalid Form Body: callback type ${type} is not valid for interaction type ${interaction.type}`);
      }
      const outcome = applyCallback(interaction, type, data, ctx);
      if ('status' in outcome) return outcome;
      interaction.callbackType = type;
      interaction.originalMessageId = outcome.message?.id ?? null;
      record(interaction, 'callback', ctx, { callbackType: type, data, message: outcome.message });
      if (ctx.query.get('with_response') !== 'true') return noContent();
      return ok(callbackResponse(interaction, type, outcome.message));
    },
    { auth: false },
  );

  const applyCallback = (
    interaction: InteractionRecord,
    type: number,
    data: JsonObject,
    ctx: RestContext,
  ): { message?: StoredMessage } | RestReply => {
    const source = interaction.sourceMessageId ? messages.get(interaction.sourceMessageId) : undefined;
    switch (type) {
      case 4: {
        const invalid = validateMessageBody(data);
        if (invalid) return invalid;
        const fields = readMessageFields(data, ctx.files, messages, []);
        if (isEmptyMessage(fields)) return emptyMessageError();
        const message = actions.create({
          ...interactionMessageBase(interaction),
          content: fields.content,
          embeds: fields.embeds,
          components: fields.components,
          attachments: fields.attachments,
          flags: (fields.flags ?? 0) & ~MessageFlag.Loading,
        });
        return { message };
      }
      case 5: {
        const flags = ((getNumber(data, 'flags') ?? 0) & MessageFlag.Ephemeral) | MessageFlag.Loading;
        return { message: actions.create({ ...interactionMessageBase(interaction), flags }) };
      }
      case 6:
        return source ? { message: source } : apiError(400, 50035, 'Invalid Form Body: no message to update');
      case 7: {
        if (!source) return apiError(400, 50035, 'Invalid Form Body: no message to update');
        const invalid = validateMessageBody(data);
        if (invalid) return invalid;
        const fields = readMessageFields(data, ctx.files, messages, source.attachments);
        if (isEmptyMessage(fields, source)) return emptyMessageError();
        return { message: actions.edit(source, { ...fields, flags: undefined }) };
      }
      case 8: {
        const choices = getArray(data, 'choices') ?? [];
        return choices.length > 25 ? apiError(400, 50035, 'Invalid Form Body: more than 25 choices') : {};
      }
      case 9: {
        const customId = getString(data, 'custom_id') ?? '';
        const title = getString(data, 'title') ?? '';
        const count = (getArray(data, 'components') ?? []).length;
        if (customId.length < 1 || customId.length > 100) return apiError(400, 50035, 'Invalid Form Body: modal custom_id');
        if (title.length < 1 || title.length > 45) return apiError(400, 50035, 'Invalid Form Body: modal title must be 1-45');
        if (count < 1 || count > 5) return apiError(400, 50035, 'Invalid Form Body: modal needs 1-5 components');
        return {};
      }
      default:
        return apiError(400, 50035, `Invalid Form Body: unsupported callback type ${type}`);
    }
  };

  const interactionMessageBase = (interaction: InteractionRecord) => ({
    channelId: interaction.channelId,
    guildId: interaction.guildId,
    authorId: state.bot.id,
    type: interaction.type === 2 ? 20 : 0,
    interactionId: interaction.id,
    webhookId: state.applicationId,
  });

  const callbackResponse = (interaction: InteractionRecord, type: number, message?: StoredMessage): JsonObject => {
    const resource: JsonObject = { type };
    if (message && (type === 4 || type === 7)) resource['message'] = payloads.message(message);
    return {
      interaction: {
        id: interaction.id,
        type: interaction.type,
        response_message_id: message?.id ?? null,
        response_message_loading: type === 5,
        response_message_ephemeral: message ? isEphemeral(message) : false,
      },
      resource,
    };
  };

  const webhookInteraction = (ctx: RestContext): InteractionRecord | undefined => {
    if (ctx.params['appId'] !== state.applicationId) return undefined;
    return interactions.byWebhookToken(ctx.params['token'] ?? '');
  };
  const webhookMessage = (interaction: InteractionRecord, messageId: string): StoredMessage | undefined => {
    const id = messageId === '@original' ? interaction.originalMessageId : messageId;
    if (!id || (id !== interaction.originalMessageId && !interaction.followupIds.includes(id))) return undefined;
    const message = messages.get(id);
    return message && !message.deleted ? message : undefined;
  };
  const messagePath = '/webhooks/:appId/:token/messages/:messageId';

  router.add(
    'GET',
    messagePath,
    (ctx) => {
      const interaction = webhookInteraction(ctx);
      if (!interaction) return unknownWebhook();
      const message = webhookMessage(interaction, ctx.params['messageId'] ?? '');
      return message ? ok(payloads.message(message)) : unknownMessage();
    },
    { auth: false },
  );

  router.add(
    'PATCH',
    messagePath,
    (ctx) => {
      const interaction = webhookInteraction(ctx);
      if (!interaction) return unknownWebhook();
      const messageId = ctx.params['messageId'] ?? '';
      const message = webhookMessage(interaction, messageId);
      if (!message) return unknownMessage();
      const body = bodyObject(ctx);
      const invalid = validateMessageBody(body);
      if (invalid) return invalid;
      const fields = readMessageFields(body, ctx.files, messages, message.attachments);
      if (isEmptyMessage(fields, message)) return emptyMessageError();
      // Editing a deferred reply ends its "thinking" state; ephemerality cannot change after the fact.
      const flags = ((fields.flags ?? message.flags) & ~(MessageFlag.Loading | MessageFlag.Ephemeral)) | (message.flags & MessageFlag.Ephemeral);
      actions.edit(message, { ...fields, flags });
      const kind = message.id === interaction.originalMessageId ? 'editOriginal' : 'editFollowup';
      record(interaction, kind, ctx, { message });
      return ok(payloads.message(message));
    },
    { auth: false },
  );

  router.add(
    'DELETE',
    messagePath,
    (ctx) => {
      const interaction = webhookInteraction(ctx);
      if (!interaction) return unknownWebhook();
      const message = webhookMessage(interaction, ctx.params['messageId'] ?? '');
      if (!message) return unknownMessage();
      actions.delete(message);
      record(interaction, message.id === interaction.originalMessageId ? 'deleteOriginal' : 'deleteFollowup', ctx, { message });
      return noContent();
    },
    { auth: false },
  );

  router.add(
    'POST',
    '/webhooks/:appId/:token',
    (ctx) => {
      const interaction = webhookInteraction(ctx);
      if (!interaction || interaction.callbackType === null || interaction.callbackType === 8 || interaction.callbackType === 9) {
        return unknownWebhook();
      }
      const body = bodyObject(ctx);
      const invalid = validateMessageBody(body);
      if (invalid) return invalid;
      const original = interaction.originalMessageId ? messages.get(interaction.originalMessageId) : undefined;
      let message: StoredMessage;
      if (interaction.callbackType === 5 && original && (original.flags & MessageFlag.Loading) !== 0) {
        // Discord: the first follow-up after a deferred reply replaces the "thinking" message.
        const fields = readMessageFields(body, ctx.files, messages, original.attachments);
        if (isEmptyMessage(fields, original)) return emptyMessageError();
        message = actions.edit(original, { ...fields, flags: original.flags & ~MessageFlag.Loading });
      } else {
        const fields = readMessageFields(body, ctx.files, messages, []);
        if (isEmptyMessage(fields)) return emptyMessageError();
        message = actions.create({
          ...interactionMessageBase(interaction),
          type: 0,
          content: fields.content,
          embeds: fields.embeds,
          components: fields.components,
          attachments: fields.attachments,
          flags: (fields.flags ?? 0) & ~MessageFlag.Loading,
        });
        interaction.followupIds.push(message.id);
      }
      record(interaction, 'followup', ctx, { message });
      const payload: Json = payloads.message(message);
      return ctx.query.get('wait') === 'true' ? ok(payload) : noContent();
    },
    { auth: false },
  );
}
