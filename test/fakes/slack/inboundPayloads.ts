/** Bodies Slack POSTs to a bot's Request URL: slash commands, event_callback envelopes, block_actions payloads. */
import type { FakeIdentity } from './apiContext.js';
import { isRecord } from './parseApiArgs.js';
import { nextId, nextTriggerId } from './slackIds.js';

export interface SlashCommandParams {
  command: string;
  text?: string;
  user_id: string;
  channel_id: string;
  team_id?: string;
  user_name?: string;
  channel_name?: string;
  trigger_id?: string;
}

/** Form fields in the order Slack sends them. */
export function slashCommandForm(p: SlashCommandParams, id: FakeIdentity, responseUrl: string): URLSearchParams {
  return new URLSearchParams([
    ['token', 'fake-verification-token'],
    ['team_id', p.team_id ?? id.teamId],
    ['team_domain', id.teamDomain],
    ['channel_id', p.channel_id],
    ['channel_name', p.channel_name ?? (p.channel_id.startsWith('D') ? 'directmessage' : `channel-${p.channel_id.toLowerCase()}`)],
    ['user_id', p.user_id],
    ['user_name', p.user_name ?? p.user_id.toLowerCase()],
    ['command', p.command],
    ['text', p.text ?? ''],
    ['api_app_id', id.appId],
    ['is_enterprise_install', 'false'],
    ['response_url', responseUrl],
    ['trigger_id', p.trigger_id ?? nextTriggerId()],
  ]);
}

export interface EnvelopeOptions {
  event_id?: string;
  event_time?: number;
}

export function eventEnvelope(event: object, id: FakeIdentity, options: EnvelopeOptions = {}): Record<string, unknown> {
  return {
    token: 'fake-verification-token',
    team_id: id.teamId,
    context_team_id: id.teamId,
    context_enterprise_id: null,
    api_app_id: id.appId,
    event,
    type: 'event_callback',
    event_id: options.event_id ?? nextId('Ev'),
    event_time: options.event_time ?? Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: id.teamId, user_id: id.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-fake-${id.teamId}`,
  };
}

export interface BlockActionParams {
  action_id: string;
  user: string;
  channel: string;
  /** ts of the message carrying the button. */
  message_ts: string;
  /** Set when that message is a thread reply. Taken from the stored message when omitted. */
  thread_ts?: string;
  /** Defaults to the posted button's value. */
  value?: string;
  /** Defaults to the posted button's block_id. */
  block_id?: string;
  user_name?: string;
  /** Send even if the stored message has no element with this action_id (a click on a stale client). */
  allowMissingElement?: boolean;
  /** A multi_static_select's chosen option values (each must be one of the element's options, as Slack allows no other). */
  selected?: string[];
}

export interface ActionElement {
  block_id: string | undefined;
  element: Record<string, unknown>;
}

/** The interactive element with `actionId` in posted blocks (section accessory or actions element). */
export function findActionElement(blocks: unknown[] | undefined, actionId: string): ActionElement | undefined {
  for (const block of blocks ?? []) {
    if (!isRecord(block)) continue;
    const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
    const candidates = [block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])];
    for (const element of candidates) {
      if (isRecord(element) && element.action_id === actionId) return { block_id: blockId, element };
    }
  }
  return undefined;
}

export function blockActionPayload(
  p: BlockActionParams,
  id: FakeIdentity,
  message: Record<string, unknown>,
  found: ActionElement | undefined,
  responseUrl: string,
): Record<string, unknown> {
  const element = found?.element ?? {};
  const threadTs = p.thread_ts ?? (typeof message.thread_ts === 'string' ? message.thread_ts : undefined);
  const value = p.value ?? (typeof element.value === 'string' ? element.value : undefined);
  const action: Record<string, unknown> = {
    action_id: p.action_id,
    block_id: p.block_id ?? found?.block_id ?? `fake-${p.action_id}`,
    type: typeof element.type === 'string' ? element.type : 'button',
    action_ts: String(Date.now() / 1000),
    ...(isRecord(element.text) && { text: element.text }),
    ...(value !== undefined && { value }),
    ...(typeof element.style === 'string' && { style: element.style }),
    ...(p.selected !== undefined && { selected_options: selectedOptions(element, p.selected) }),
  };
  return {
    type: 'block_actions',
    user: { id: p.user, username: p.user_name ?? p.user.toLowerCase(), name: p.user_name ?? p.user.toLowerCase(), team_id: id.teamId },
    api_app_id: id.appId,
    token: 'fake-verification-token',
    container: {
      type: 'message',
      message_ts: p.message_ts,
      channel_id: p.channel,
      is_ephemeral: false,
      ...(threadTs !== undefined && { thread_ts: threadTs }),
    },
    trigger_id: nextTriggerId(),
    team: { id: id.teamId, domain: id.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: p.channel, name: p.channel.startsWith('D') ? 'directmessage' : `channel-${p.channel.toLowerCase()}` },
    message,
    state: { values: {} },
    response_url: responseUrl,
    actions: [action],
  };
}

/** The chosen options as Slack sends them (text and value), refusing a value the menu does not offer. */
function selectedOptions(element: Record<string, unknown>, values: readonly string[]): Record<string, unknown>[] {
  const options = Array.isArray(element.options) ? element.options.filter(isRecord) : [];
  return values.map((value) => {
    const option = options.find((o) => o.value === value);
    if (!option) throw new Error(`FakeSlack: the select menu offers no option "${value}"`);
    return { text: option.text, value };
  });
}
