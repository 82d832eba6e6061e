import type { FakeState } from './FakeState.js';
import { getArray, getObjects, getString, isJsonObject, type Json, type JsonObject } from './json.js';
import type { MessageStore } from './MessageStore.js';
import type { Payloads } from './Payloads.js';
import { ALL_PERMISSIONS, memberPermissions } from './permissions.js';
import type { AttachmentInput, FakeChannel, InteractionRecord } from './types.js';

/** A slash-command option as a test writes it; attachments upload to the fake and resolve like Discord's. */
export type SlashOptionValue = string | number | boolean | AttachmentInput;

const OptionType = { SubCommand: 1, SubCommandGroup: 2, String: 3, Integer: 4, Boolean: 5, User: 6, Channel: 7, Role: 8, Number: 10, Attachment: 11 } as const;

/** The envelope every INTERACTION_CREATE shares (who, where, token, permissions). */
export function interactionEnvelope(
  state: FakeState,
  payloads: Payloads,
  interaction: InteractionRecord,
  channel: FakeChannel,
  data: JsonObject,
): JsonObject {
  const guild = interaction.guildId ? state.requireGuild(interaction.guildId) : undefined;
  const member = guild?.members.get(interaction.userId);
  const envelope: JsonObject = {
    id: interaction.id,
    application_id: state.applicationId,
    type: interaction.type,
    data,
    channel: payloads.channel(channel),
    channel_id: channel.id,
    token: interaction.token,
    version: 1,
    app_permissions: (guild ? memberPermissions(guild, state.bot.id) : ALL_PERMISSIONS).toString(),
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: guild ? { '0': guild.id } : { '1': interaction.userId },
    context: guild ? 0 : 1,
    attachment_size_limit: 26_214_400,
  };
  if (guild && member) {
    envelope['guild_id'] = guild.id;
    envelope['guild'] = { id: guild.id, locale: 'en-US', features: [] };
    envelope['guild_locale'] = 'en-US';
    envelope['member'] = payloads.member(guild, member, { withPermissions: true });
  } else {
    envelope['user'] = payloads.userById(interaction.userId);
  }
  return envelope;
}

export interface BuiltOptions {
  options: JsonObject[];
  resolved: JsonObject | undefined;
}

/**
 * Builds `data.options` (+ `data.resolved`) from plain values. With a registered definition the option types come
 * from it and the values are checked the way the Discord client would (unknown/missing options, choices, ranges).
 */
export function buildCommandOptions(input: {
  state: FakeState;
  messages: MessageStore;
  payloads: Payloads;
  definition: JsonObject | undefined;
  values: Record<string, SlashOptionValue>;
  path: string[];
  guildId: string | null;
  focused?: string;
}): BuiltOptions {
  const resolved: Record<string, JsonObject> = {};
  let definitions = input.definition ? (getObjects(input.definition, 'options') ?? []) : undefined;
  for (const name of input.path) {
    const next = definitions?.find((d) => d['name'] === name);
    if (definitions && !next) throw new Error(`FakeDiscord: /${String(input.definition?.['name'])} has no subcommand "${name}"`);
    definitions = next ? (getObjects(next, 'options') ?? []) : undefined;
  }

  const leaf: JsonObject[] = Object.entries(input.values).map(([name, value]) => {
    const definition = definitions?.find((d) => d['name'] === name);
    if (definitions && !definition) throw new Error(`FakeDiscord: command has no option "${name}"`);
    const declared = definition?.['type'];
    const type = typeof declared === 'number' ? declared : inferType(value);
    const resolvedValue = resolveValue(input, type, value, resolved);
    const option: JsonObject = { name, type, value: resolvedValue };
    if (definition && name !== input.focused) checkValue(definition, resolvedValue);
    if (name === input.focused) option['focused'] = true;
    return option;
  });
  for (const definition of definitions ?? []) {
    const name = getString(definition, 'name') ?? '';
    if (definition['required'] === true && !(name in input.values) && input.focused === undefined) {
      throw new Error(`FakeDiscord: required option "${name}" is missing`);
    }
  }

  let options = leaf;
  for (const [i, name] of [...input.path].reverse().entries()) {
    const isGroup = i === input.path.length - 1 && input.path.length === 2;
    options = [{ name, type: isGroup ? OptionType.SubCommandGroup : OptionType.SubCommand, options }];
  }
  return { options, resolved: Object.keys(resolved).length > 0 ? resolved : undefined };
}

function inferType(value: SlashOptionValue): number {
  if (typeof value === 'string') return OptionType.String;
  if (typeof value === 'boolean') return OptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? OptionType.Integer : OptionType.Number;
  return OptionType.Attachment;
}

function resolveValue(
  input: { state: FakeState; messages: MessageStore; payloads: Payloads; guildId: string | null },
  type: number,
  value: SlashOptionValue,
  resolved: Record<string, JsonObject>,
): Json {
  const bucket = (key: string): JsonObject => (resolved[key] ??= {});
  if (typeof value === 'object') {
    if (type !== OptionType.Attachment) throw new Error('FakeDiscord: an attachment was given for a non-attachment option');
    const attachment = input.messages.addAttachment(value);
    bucket('attachments')[attachment.id] = { ...input.payloads.attachment(attachment), ephemeral: true };
    return attachment.id;
  }
  if (type === OptionType.User && typeof value === 'string') {
    const user = input.state.requireUser(value);
    bucket('users')[user.id] = input.payloads.user(user);
    const guild = input.guildId ? input.state.guilds.get(input.guildId) : undefined;
    const member = guild?.members.get(user.id);
    if (guild && member) bucket('members')[user.id] = input.payloads.member(guild, member, { withUser: false, withPermissions: true });
  }
  if (type === OptionType.Channel && typeof value === 'string') {
    const channel = input.state.requireChannel(value);
    bucket('channels')[channel.id] = { ...input.payloads.channel(channel), permissions: ALL_PERMISSIONS.toString() };
  }
  return value;
}

function checkValue(definition: JsonObject, value: Json): void {
  const name = String(definition['name']);
  const choices = getArray(definition, 'choices');
  if (choices && choices.length > 0 && !choices.some((c) => isJsonObject(c) && c['value'] === value)) {
    throw new Error(`FakeDiscord: option "${name}" must be one of its choices, got ${JSON.stringify(value)}`);
  }
  if (typeof value === 'number') {
    const min = definition['min_value'];
    const max = definition['max_value'];
    if (typeof min === 'number' && value < min) throw new Error(`FakeDiscord: option "${name}" below min_value ${min}`);
    if (typeof max === 'number' && value > max) throw new Error(`FakeDiscord: option "${name}" above max_value ${max}`);
  }
  if (typeof value === 'string') {
    const min = definition['min_length'];
    const max = definition['max_length'];
    if (typeof min === 'number' && value.length < min) throw new Error(`FakeDiscord: option "${name}" shorter than ${min}`);
    if (typeof max === 'number' && value.length > max) throw new Error(`FakeDiscord: option "${name}" longer than ${max}`);
  }
}
