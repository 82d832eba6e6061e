import type { ChangeNotifier } from './ChangeNotifier.js';
import type { FakeState } from './FakeState.js';
import { InteractionHandle } from './InteractionHandle.js';
import type { InteractionStore } from './InteractionStore.js';
import { buildCommandOptions, interactionEnvelope, type SlashOptionValue } from './interactionPayloads.js';
import { getArray, getObjects, getString, isJsonObject, walkComponents, type JsonObject } from './json.js';
import type { MessageStore } from './MessageStore.js';
import { modalSubmitComponents, type ModalFieldValue } from './modalSubmit.js';
import type { Payloads } from './Payloads.js';
import { ChannelKind, type FakeChannel, type FakeUser, type InteractionRecord, type UserRef } from './types.js';

export interface SlashCommandInput {
  name: string;
  options?: Record<string, SlashOptionValue>;
  subcommand?: string;
  subcommandGroup?: string;
  /** Defaults to the first test user. */
  user?: UserRef;
  /** A guild channel (guild implied) or a DM channel; omit both this and guildId for a DM with the bot. */
  channelId?: string;
  /** Uses the guild's default text channel when channelId is omitted. */
  guildId?: string;
}

export interface AutocompleteInput extends SlashCommandInput {
  /** Name of the option the user is typing in; its value in `options` is the partial text. */
  focused: string;
}

export interface ComponentInput {
  customId: string;
  /** The bot's message carrying the component. */
  messageId: string;
  user?: UserRef;
}

export interface SelectInput extends ComponentInput {
  values: string[];
}

export interface ModalSubmitInput {
  customId: string;
  fields: Record<string, ModalFieldValue>;
  user?: UserRef;
  /** Only needed with requireRegisteredCommands: false when no modal was shown. */
  channelId?: string;
  guildId?: string;
}

export interface SimulatorDeps {
  state: FakeState;
  messages: MessageStore;
  interactions: InteractionStore;
  payloads: Payloads;
  notifier: ChangeNotifier;
  dispatch(event: string, data: JsonObject): number;
  strict(): boolean;
  defaultUser(): FakeUser;
}

/** Plays the Discord client: turns a user's action into the INTERACTION_CREATE the bot would receive. */
export class InteractionSimulator {
  constructor(private readonly deps: SimulatorDeps) {}

  slashCommand(input: SlashCommandInput): InteractionHandle {
    return this.command(input, 2, undefined);
  }

  autocomplete(input: AutocompleteInput): InteractionHandle {
    return this.command(input, 4, input.focused);
  }

  clickButton(input: ComponentInput): InteractionHandle {
    return this.component(input, 2, undefined);
  }

  selectMenu(input: SelectInput): InteractionHandle {
    return this.component(input, undefined, input.values);
  }

  submitModal(input: ModalSubmitInput): InteractionHandle {
    const { state, interactions, messages, payloads } = this.deps;
    const user = this.user(input.user);
    const shown = interactions.lastModal(input.customId, user.id);
    if (!shown && this.deps.strict()) {
      throw new Error(`FakeDiscord: the bot never showed a modal "${input.customId}" to ${user.username}`);
    }
    const channel = shown ? state.requireChannel(shown.interaction.channelId) : this.place(user, input.channelId, input.guildId);
    const source = shown?.interaction.sourceMessageId ? messages.get(shown.interaction.sourceMessageId) : undefined;
    const record = interactions.create({
      type: 5,
      channelId: channel.id,
      guildId: channel.guildId,
      userId: user.id,
      customId: input.customId,
      sourceMessageId: source?.id,
    });
    const data = { custom_id: input.customId, components: modalSubmitComponents(shown?.response.data, input.fields) };
    return this.send(record, channel, data, source ? { message: payloads.message(source) } : {});
  }

  private command(input: SlashCommandInput, type: 2 | 4, focused: string | undefined): InteractionHandle {
    const { state, interactions } = this.deps;
    const user = this.user(input.user);
    const channel = this.place(user, input.channelId, input.guildId);
    const command = state.findCommand(input.name, channel.guildId);
    if (!command && this.deps.strict()) {
      const known = [...state.commands.values()].map((c) => `/${String(c.body['name'])}`).join(', ') || 'none';
      throw new Error(`FakeDiscord: /${input.name} is not registered where the user is (registered: ${known})`);
    }
    if (command && !channel.guildId && !availableInDm(command.body)) {
      throw new Error(`FakeDiscord: /${input.name} is not available in DMs`);
    }
    const path = [input.subcommandGroup, input.subcommand].filter((p): p is string => p !== undefined);
    if (focused !== undefined && command) checkAutocomplete(command.body, path, focused);
    const built = buildCommandOptions({
      ...this.deps,
      definition: command?.body,
      values: input.options ?? {},
      path,
      guildId: channel.guildId,
      focused,
    });
    const record = interactions.create({ type, channelId: channel.id, guildId: channel.guildId, userId: user.id, commandName: input.name });
    const data: JsonObject = {
      id: command?.id ?? state.ids.next(),
      name: input.name,
      type: 1,
      options: built.options,
      ...(built.resolved ? { resolved: built.resolved } : {}),
      ...(command?.guildId ? { guild_id: command.guildId } : {}),
    };
    return this.send(record, channel, data, {});
  }

  private component(input: ComponentInput, expectedType: number | undefined, values: string[] | undefined): InteractionHandle {
    const { state, messages, interactions, payloads } = this.deps;
    const user = this.user(input.user);
    const message = messages.get(input.messageId);
    if (!message || message.deleted) throw new Error(`FakeDiscord: message ${input.messageId} does not exist`);
    const component = [...walkComponents(message.components)].find((c) => c['custom_id'] === input.customId);
    if (!component) {
      const ids = [...walkComponents(message.components)].flatMap((c) => getString(c, 'custom_id') ?? []);
      throw new Error(`FakeDiscord: message ${message.id} has no component "${input.customId}" (has: ${ids.join(', ') || 'none'})`);
    }
    const componentType = typeof component['type'] === 'number' ? component['type'] : -1;
    if (expectedType !== undefined && componentType !== expectedType) {
      throw new Error(`FakeDiscord: component "${input.customId}" has type ${componentType}, not ${expectedType}`);
    }
    if (expectedType === undefined && ![3, 5, 6, 7, 8].includes(componentType)) {
      throw new Error(`FakeDiscord: component "${input.customId}" is not a select menu`);
    }
    if (component['disabled'] === true) throw new Error(`FakeDiscord: component "${input.customId}" is disabled`);
    if (componentType === 3 && values) checkSelectValues(component, values);
    const channel = state.requireChannel(message.channelId);
    const record = interactions.create({
      type: 3,
      channelId: channel.id,
      guildId: channel.guildId,
      userId: user.id,
      customId: input.customId,
      sourceMessageId: message.id,
    });
    const data: JsonObject = { custom_id: input.customId, component_type: componentType, ...(values ? { values } : {}) };
    return this.send(record, channel, data, { message: payloads.message(message) });
  }

  private send(record: InteractionRecord, channel: FakeChannel, data: JsonObject, extra: JsonObject): InteractionHandle {
    const payload = { ...interactionEnvelope(this.deps.state, this.deps.payloads, record, channel, data), ...extra };
    if (this.deps.dispatch('INTERACTION_CREATE', payload) === 0) {
      throw new Error('FakeDiscord: no logged-in gateway session to deliver the interaction to');
    }
    return new InteractionHandle(record, payload, this.deps.notifier, this.deps.messages);
  }

  private user(ref: UserRef | undefined): FakeUser {
    return ref === undefined ? this.deps.defaultUser() : this.deps.state.resolveUser(ref);
  }

  private place(user: FakeUser, channelId: string | undefined, guildId: string | undefined): FakeChannel {
    const { state } = this.deps;
    let channel: FakeChannel;
    if (channelId) {
      channel = state.requireChannel(channelId);
      if (guildId && channel.guildId !== guildId) throw new Error(`FakeDiscord: channel ${channelId} is not in guild ${guildId}`);
      if (channel.type === ChannelKind.DM && channel.recipientId !== user.id) {
        throw new Error(`FakeDiscord: ${user.username} is not a participant of DM channel ${channelId}`);
      }
    } else if (guildId) {
      channel = state.requireGuild(guildId).textChannel;
    } else {
      channel = state.dmChannelFor(user.id);
    }
    if (channel.guildId && !state.requireGuild(channel.guildId).members.has(user.id)) {
      throw new Error(`FakeDiscord: ${user.username} is not a member of guild ${channel.guildId}`);
    }
    return channel;
  }
}

function availableInDm(body: JsonObject): boolean {
  if (body['dm_permission'] === false) return false;
  const contexts = getArray(body, 'contexts');
  return !contexts || contexts.includes(1);
}

function checkAutocomplete(body: JsonObject, path: string[], focused: string): void {
  let options = getObjects(body, 'options') ?? [];
  for (const name of path) options = getObjects(options.find((o) => o['name'] === name), 'options') ?? [];
  const option = options.find((o) => o['name'] === focused);
  if (!option || option['autocomplete'] !== true) {
    throw new Error(`FakeDiscord: option "${focused}" of /${String(body['name'])} does not have autocomplete enabled`);
  }
}

function checkSelectValues(component: JsonObject, values: string[]): void {
  const allowed = (getArray(component, 'options') ?? []).filter(isJsonObject).map((o) => o['value']);
  const bad = values.filter((v) => !allowed.includes(v));
  if (bad.length > 0) throw new Error(`FakeDiscord: select "${String(component['custom_id'])}" has no option(s) ${bad.join(', ')}`);
  const min = typeof component['min_values'] === 'number' ? component['min_values'] : 1;
  const max = typeof component['max_values'] === 'number' ? component['max_values'] : 1;
  if (values.length < min || values.length > max) throw new Error(`FakeDiscord: select needs ${min}-${max} values`);
}
