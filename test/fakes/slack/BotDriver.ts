import { wireMessage, type ApiContext } from './apiContext.js';
import {
  blockActionPayload,
  eventEnvelope,
  findActionElement,
  slashCommandForm,
  type BlockActionParams,
  type EnvelopeOptions,
  type SlashCommandParams,
} from './inboundPayloads.js';
import { signedHeaders, type SigningChoice } from './signRequest.js';
import { nextId } from './slackIds.js';

export interface SendOptions extends SigningChoice {
  /** Path on the bot's server; defaults to the endpoint's own path (`/slack/events`). */
  path?: string;
  /** Redelivery headers, as Slack sets them when it retries an event. */
  retryNum?: number;
  retryReason?: string;
  /** Give up waiting for the bot after this long (default 10 s). */
  timeoutMs?: number;
}

export interface BotResponse {
  status: number;
  body: string;
  contentType: string | undefined;
  /** Parsed body when it is JSON, else undefined. */
  json: unknown;
}

export interface SlashCommandResult extends BotResponse {
  response_url: string;
  trigger_id: string;
}

export interface EventResult extends BotResponse {
  event_id: string;
}

export interface BlockActionResult extends BotResponse {
  response_url: string;
  payload: Record<string, unknown>;
}

const FORM = 'application/x-www-form-urlencoded';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** POSTs signed requests to the bot's HTTP endpoint exactly as Slack does. */
export class BotDriver {
  private endpoint: URL | undefined;

  constructor(private readonly ctx: ApiContext) {}

  setEndpoint(url: string): void {
    this.endpoint = new URL(url);
  }

  private newResponseUrl(): string {
    return `${this.ctx.baseUrl()}/response/${nextId('R')}`;
  }

  /** Sends `rawBody` with Slack's headers; the signature covers the exact bytes sent. */
  async sendRaw(rawBody: string, contentType: string, options: SendOptions = {}): Promise<BotResponse> {
    if (this.endpoint === undefined) throw new Error('FakeSlack: call setBotEndpoint(url) before sending to the bot');
    const url = new URL(options.path ?? this.endpoint.pathname, this.endpoint);
    const headers: Record<string, string> = {
      'Content-Type': contentType,
      'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signedHeaders(this.ctx.identity.signingSecret, rawBody, options),
    };
    if (options.retryNum !== undefined) headers['X-Slack-Retry-Num'] = String(options.retryNum);
    if (options.retryReason !== undefined) headers['X-Slack-Retry-Reason'] = options.retryReason;
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: rawBody,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const body = await response.text();
    return { status: response.status, body, contentType: response.headers.get('content-type') ?? undefined, json: parseJson(body) };
  }

  async sendSlashCommand(params: SlashCommandParams, options: SendOptions = {}): Promise<SlashCommandResult> {
    this.ctx.directory.ensureUser(params.user_id);
    this.ctx.directory.ensureChannel(params.channel_id);
    const responseUrl = this.newResponseUrl();
    const form = slashCommandForm(params, this.ctx.identity, responseUrl);
    const result = await this.sendRaw(form.toString(), FORM, options);
    return { ...result, response_url: responseUrl, trigger_id: form.get('trigger_id') ?? '' };
  }

  async sendEvent<E extends { type: string }>(event: E, options: SendOptions & EnvelopeOptions = {}): Promise<EventResult> {
    this.registerMentions(event);
    const envelope = eventEnvelope(event, this.ctx.identity, options);
    const result = await this.sendRaw(JSON.stringify(envelope), 'application/json', options);
    return { ...result, event_id: String(envelope.event_id) };
  }

  /** Slack's one-time Request URL check. */
  sendUrlVerification(challenge: string, options: SendOptions = {}): Promise<BotResponse> {
    const body = JSON.stringify({ token: 'fake-verification-token', challenge, type: 'url_verification' });
    return this.sendRaw(body, 'application/json', options);
  }

  /** A button click on a message; the message (blocks, thread) comes from what the bot posted, like Slack's payload. */
  async sendBlockAction(params: BlockActionParams, options: SendOptions = {}): Promise<BlockActionResult> {
    this.ctx.directory.ensureUser(params.user);
    this.ctx.directory.ensureChannel(params.channel);
    const stored = this.ctx.messages.find(params.channel, params.message_ts);
    const found = findActionElement(stored?.blocks, params.action_id);
    if (stored !== undefined && found === undefined && params.allowMissingElement !== true) {
      throw new Error(`FakeSlack: message ${params.message_ts} has no element with action_id "${params.action_id}"`);
    }
    const message =
      stored === undefined
        ? { type: 'message', ts: params.message_ts, text: '', ...(params.thread_ts !== undefined && { thread_ts: params.thread_ts }) }
        : wireMessage(stored, this.ctx);
    const responseUrl = this.newResponseUrl();
    const payload = blockActionPayload(params, this.ctx.identity, message, found, responseUrl);
    const form = new URLSearchParams({ payload: JSON.stringify(payload) });
    const result = await this.sendRaw(form.toString(), FORM, options);
    return { ...result, response_url: responseUrl, payload };
  }

  private registerMentions(event: object): void {
    for (const [key, value] of Object.entries(event)) {
      if (typeof value !== 'string') continue;
      if (key === 'user' || key === 'user_id') this.ctx.directory.ensureUser(value);
      if (key === 'channel' || key === 'channel_id') this.ctx.directory.ensureChannel(value);
    }
  }
}
