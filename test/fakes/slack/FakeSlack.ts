import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiContext, ApiHandler, FakeIdentity } from './apiContext.js';
import { BotDriver, type BlockActionResult, type BotResponse, type EventResult, type SendOptions, type SlashCommandResult } from './BotDriver.js';
import { CallLog } from './CallLog.js';
import { chatMethods } from './chatMethods.js';
import { Directory } from './Directory.js';
import { FailureInjector } from './failures.js';
import { fileMethods } from './fileMethods.js';
import { FileStore } from './FileStore.js';
import { header, readBody, sendBytes, sendJson } from './httpIo.js';
import type { BlockActionParams, EnvelopeOptions, SlashCommandParams } from './inboundPayloads.js';
import { infoMethods } from './infoMethods.js';
import { MessageStore } from './MessageStore.js';
import { extractUploadBytes, isRecord, parseApiArgs } from './parseApiArgs.js';
import type {
  AddFileSpec,
  ApiArgs,
  AudioClipSpec,
  CallKind,
  EphemeralMessage,
  FakeChannel,
  FakeSlackFile,
  FakeUser,
  InjectedFailure,
  RecordedCall,
  StoredMessage,
  UploadRecord,
} from './types.js';

export interface FakeSlackOptions {
  botToken?: string;
  signingSecret?: string;
  teamId?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  botName?: string;
}

const METHODS: Record<string, ApiHandler> = { ...infoMethods, ...chatMethods, ...fileMethods };

const CLIP_FORMATS = {
  'audio/mp4': { name: 'audio_message.m4a', filetype: 'm4a' },
  'video/mp4': { name: 'audio_message.mp4', filetype: 'mp4' },
  'audio/webm': { name: 'audio_message.webm', filetype: 'webm' },
} as const;

interface Answer {
  status: number;
  json?: unknown;
  bytes?: { contentType: string; body: Buffer | string };
  headers?: Record<string, string>;
}

interface Recordable {
  kind: CallKind;
  method: string;
  args: ApiArgs;
}

function failureAnswer(failure: InjectedFailure): Answer {
  const headers: Record<string, string> = failure.retryAfterSec === undefined ? {} : { 'Retry-After': String(failure.retryAfterSec) };
  if (failure.error !== undefined) return { status: failure.status, json: { ok: false, error: failure.error }, headers };
  const body = `<html><body><h1>${failure.status}</h1></body></html>`;
  return { status: failure.status, bytes: { contentType: 'text/html; charset=utf-8', body }, headers };
}

/**
 * A local Slack for tests: Web API under /api/, file downloads and uploads, response_url, and a driver that sends
 * signed slash commands, events and button clicks to a bot's HTTP endpoint. One instance per test file is cheap.
 */
export class FakeSlack {
  readonly identity: FakeIdentity;
  private readonly log = new CallLog();
  private readonly failures = new FailureInjector();
  private readonly messages = new MessageStore();
  private readonly directory: Directory;
  private readonly files: FileStore;
  private readonly driver: BotDriver;
  private readonly ctx: ApiContext;
  private readonly server: Server;
  private port = 0;

  private constructor(options: FakeSlackOptions) {
    this.identity = {
      botToken: options.botToken ?? 'xoxb-fake-bot-token',
      signingSecret: options.signingSecret ?? 'fake-signing-secret',
      teamId: options.teamId ?? 'T0FAKETEAM',
      teamDomain: options.teamDomain ?? 'fake-team',
      botUserId: options.botUserId ?? 'U0FAKEBOT',
      botId: options.botId ?? 'B0FAKEBOT',
      appId: options.appId ?? 'A0FAKEAPP',
      botName: options.botName ?? 'interview-coach',
    };
    this.directory = new Directory(this.identity.teamId);
    this.directory.addUser({ id: this.identity.botUserId, name: this.identity.botName, real_name: this.identity.botName, is_bot: true });
    this.files = new FileStore({
      baseUrl: () => this.baseUrl,
      teamId: this.identity.teamId,
      teamDomain: this.identity.teamDomain,
      botToken: this.identity.botToken,
      defaultUser: 'U0FAKEUSER',
    });
    this.ctx = { identity: this.identity, messages: this.messages, files: this.files, directory: this.directory, baseUrl: () => this.baseUrl };
    this.driver = new BotDriver(this.ctx);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fake_internal_error', detail: String(error) });
        else res.destroy();
      });
    });
  }

  /** Starts on 127.0.0.1 with a random free port. */
  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = fake.server.address();
    if (address === null || typeof address === 'string') throw new Error('FakeSlack: no TCP address');
    fake.port = (address satisfies AddressInfo).port;
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Pass as `clientOptions.slackApiUrl` (trailing slash included, as WebClient expects). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  get botToken(): string {
    return this.identity.botToken;
  }

  get signingSecret(): string {
    return this.identity.signingSecret;
  }

  // ---- workspace state -------------------------------------------------------------------------------------------

  addUser(user: Partial<FakeUser> & { id: string }): FakeUser {
    return this.directory.addUser(user);
  }

  addChannel(channel: Partial<FakeChannel> & { id: string }): FakeChannel {
    return this.directory.addChannel(channel);
  }

  addFile(spec: AddFileSpec): FakeSlackFile {
    if (spec.user !== undefined) this.directory.ensureUser(spec.user);
    return this.files.add(spec);
  }

  /** A recorded Slack clip (`subtype: 'slack_audio'`) named and typed like the real ones. */
  addAudioClip(spec: AudioClipSpec): FakeSlackFile {
    const mimetype = spec.mimetype ?? 'audio/mp4';
    const format = CLIP_FORMATS[mimetype];
    return this.addFile({
      name: format.name,
      title: 'Audio clip',
      mimetype,
      filetype: format.filetype,
      subtype: 'slack_audio',
      bytes: spec.bytes,
      ...(spec.id !== undefined && { id: spec.id }),
      ...(spec.user !== undefined && { user: spec.user }),
      ...(spec.durationMs !== undefined && { durationMs: spec.durationMs }),
      ...(spec.requireAuth !== undefined && { requireAuth: spec.requireAuth }),
    });
  }

  /** `false` → every download answers the HTML login page, as with a token lacking files:read. */
  setFilesReadScope(granted: boolean): void {
    this.files.filesReadScope = granted;
  }

  // ---- failure injection -----------------------------------------------------------------------------------------

  /** The next `times` requests to `method` (or `upload` / `download` / `response_url`) fail as described. */
  failNext(method: string, failure: InjectedFailure, times = 1): void {
    this.failures.set(method, failure, times);
  }

  failAlways(method: string, failure: InjectedFailure): void {
    this.failures.set(method, failure, Number.POSITIVE_INFINITY);
  }

  clearFailures(method?: string): void {
    this.failures.clear(method);
  }

  // ---- driving the bot -------------------------------------------------------------------------------------------

  /** The bot's Request URL, e.g. `http://127.0.0.1:${port}/slack/events`. */
  setBotEndpoint(url: string): void {
    this.driver.setEndpoint(url);
  }

  sendSlashCommand(params: SlashCommandParams, options?: SendOptions): Promise<SlashCommandResult> {
    return this.driver.sendSlashCommand(params, options);
  }

  sendEvent<E extends { type: string }>(event: E, options?: SendOptions & EnvelopeOptions): Promise<EventResult> {
    return this.driver.sendEvent(event, options);
  }

  sendBlockAction(params: BlockActionParams, options?: SendOptions): Promise<BlockActionResult> {
    return this.driver.sendBlockAction(params, options);
  }

  sendUrlVerification(challenge: string, options?: SendOptions): Promise<BotResponse> {
    return this.driver.sendUrlVerification(challenge, options);
  }

  sendRaw(rawBody: string, contentType: string, options?: SendOptions): Promise<BotResponse> {
    return this.driver.sendRaw(rawBody, contentType, options);
  }

  // ---- observation -----------------------------------------------------------------------------------------------

  calls(method?: string): RecordedCall[] {
    return this.log.all(method);
  }

  lastCall(method: string): RecordedCall | undefined {
    return this.log.all(method).at(-1);
  }

  clearCalls(): void {
    this.log.clear();
  }

  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs = 2000): Promise<RecordedCall> {
    return this.log.waitFor(predicate, timeoutMs);
  }

  /** First successful (`ok: true`) call to `method`, optionally matching `where`. */
  waitForCall(method: string, where: (call: RecordedCall) => boolean = () => true, timeoutMs = 2000): Promise<RecordedCall> {
    return this.log.waitFor(
      (call) => call.method === method && call.status === 200 && isRecord(call.response) && call.response.ok === true && where(call),
      timeoutMs,
    );
  }

  /** Resolves with `probe()`'s first truthy value; re-checked after every request the fake serves. */
  waitUntil<T>(probe: () => T | undefined | null | false | PromiseLike<T | undefined | null | false>, timeoutMs = 2000): Promise<T> {
    return this.log.waitUntil(probe, timeoutMs);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find(channel, ts);
  }

  /** Root (if posted by the bot) + replies, oldest first, with chat.update applied and deletions removed. */
  threadMessages(channel: string, threadTs: string): StoredMessage[] {
    return this.messages.thread(channel, threadTs);
  }

  channelMessages(channel: string): StoredMessage[] {
    return this.messages.channel(channel);
  }

  allMessages(): StoredMessage[] {
    return this.messages.all();
  }

  ephemeralMessages(channel?: string): EphemeralMessage[] {
    return this.messages.ephemeral(channel);
  }

  uploads(): UploadRecord[] {
    return this.files.uploads();
  }

  file(id: string): FakeSlackFile | undefined {
    return this.files.get(id);
  }

  // ---- HTTP ------------------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    const contentType = header(req, 'content-type');
    const route = await this.route(req.method ?? 'GET', url, body, contentType, header(req, 'authorization'));
    if (route === undefined) {
      sendBytes(res, 404, 'text/plain; charset=utf-8', 'not found');
      return;
    }
    const failure = this.failures.take(route.call.method);
    const answer = failure === undefined ? route.answer() : failureAnswer(failure);
    this.log.record({
      ...route.call,
      authorization: header(req, 'authorization'),
      contentType,
      path: url.pathname,
      status: answer.status,
      response: answer.json,
    });
    if (answer.bytes !== undefined) sendBytes(res, answer.status, answer.bytes.contentType, answer.bytes.body, answer.headers);
    else sendJson(res, answer.status, answer.json, answer.headers);
  }

  /** Parses the request and returns what to record plus a deferred answer (skipped when a failure is injected). */
  private async route(
    verb: string,
    url: URL,
    body: Buffer,
    contentType: string | undefined,
    authorization: string | undefined,
  ): Promise<{ call: Recordable; answer: () => Answer } | undefined> {
    const path = url.pathname;
    if (path.startsWith('/api/')) {
      const method = path.slice('/api/'.length);
      let args: ApiArgs;
      try {
        args = await parseApiArgs(body, contentType, url.searchParams);
      } catch {
        return { call: { kind: 'api', method, args: {} }, answer: () => ({ status: 200, json: { ok: false, error: 'invalid_json' } }) };
      }
      return { call: { kind: 'api', method, args }, answer: () => ({ status: 200, json: this.callMethod(method, args, authorization) }) };
    }
    const uploadId = FileStore.uploadIdFromPath(path);
    if (uploadId !== undefined && verb === 'POST') {
      const { bytes, encoding } = await extractUploadBytes(body, contentType);
      return {
        call: { kind: 'upload', method: 'upload', args: { file_id: uploadId, size: bytes.length, encoding } },
        answer: () => {
          const record = this.files.receiveBytes(uploadId, bytes, encoding);
          if (record === undefined) return { status: 404, bytes: { contentType: 'text/plain', body: 'upload url expired' } };
          return { status: 200, bytes: { contentType: 'text/plain; charset=utf-8', body: `OK - ${bytes.length}` } };
        },
      };
    }
    if (path.startsWith('/files-pri/') && verb === 'GET') {
      const download = this.files.download(path, authorization);
      return {
        call: { kind: 'download', method: 'download', args: { file_id: download.fileId, outcome: download.outcome } },
        answer: () => ({ status: download.status, bytes: { contentType: download.contentType, body: download.body }, headers: download.headers }),
      };
    }
    if (path.startsWith('/response/') && verb === 'POST') {
      let args: ApiArgs = {};
      try {
        const parsed: unknown = JSON.parse(body.toString('utf8'));
        if (isRecord(parsed)) args = parsed;
      } catch {
        args = { raw: body.toString('utf8') };
      }
      args.response_url = `${this.baseUrl}${path}`;
      return { call: { kind: 'response_url', method: 'response_url', args }, answer: () => ({ status: 200, json: { ok: true } }) };
    }
    return undefined;
  }

  private callMethod(method: string, args: ApiArgs, authorization: string | undefined): Record<string, unknown> {
    const token = /^Bearer\s+(\S+)$/.exec(authorization ?? '')?.[1];
    if (token === undefined) return { ok: false, error: 'not_authed' };
    if (token !== this.identity.botToken) return { ok: false, error: 'invalid_auth' };
    const handler = METHODS[method];
    if (handler === undefined) return { ok: false, error: 'unknown_method' };
    return handler(args, this.ctx);
  }
}
