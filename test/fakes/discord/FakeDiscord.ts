import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { composeFake, type FakeParts } from './composeFake.js';
import type { FakeDiscordOptions, VoiceStateInput } from './fakeDiscordOptions.js';
import type { FakeGateway } from './FakeGateway.js';
import type { FakeState } from './FakeState.js';
import { writeBytes, writeJson } from './httpIo.js';
import type { InteractionHandle } from './InteractionHandle.js';
import type {
  AutocompleteInput,
  ComponentInput,
  ModalSubmitInput,
  SelectInput,
  SlashCommandInput,
} from './InteractionSimulator.js';
import type { JsonObject } from './json.js';
import type { Interceptor, RestReply, RouteMatcher } from './RestRouter.js';
import { compilePattern } from './routePattern.js';
import {
  ChannelKind,
  type FakeChannel,
  type FakeGuild,
  type FakeUser,
  type FakeVoiceState,
  type IdentifyRecord,
  type InteractionRecord,
  type InteractionResponseRecord,
  type RecordedRequest,
  type StoredAttachment,
  type StoredMessage,
  type UserRef,
  type VoiceSessionInfo,
  type VoiceStateRequest,
} from './types.js';
import type { UserMessageInput, VoiceMessageInput } from './UserMessages.js';
import type { VoiceServerConfig, VoiceStateRequestListener } from './VoiceSignalling.js';

const DEFAULT_WAIT_MS = 5000;

/**
 * A local Discord (REST + gateway) that the unmodified discord.js Client talks to:
 * `new Client({ intents, rest: { api: fake.apiUrl } })`, then `client.login('any-token')`.
 */
export class FakeDiscord {
  readonly state: FakeState;
  readonly gateway: FakeGateway;
  /** The default guild, with `textChannel` (type 0) and `voiceChannel` (type 2). */
  readonly guild: FakeGuild;
  readonly testUsers: FakeUser[];
  /** Owner of the default guild (not one of testUsers, so those have ordinary permissions). */
  readonly guildOwner: FakeUser;
  private readonly parts: FakeParts;
  private readonly server: Server;
  private listeningPort = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.parts = composeFake(options, () => this.baseUrl);
    this.state = this.parts.state;
    this.gateway = this.parts.gateway;
    this.guild = this.parts.guild;
    this.guildOwner = this.parts.guildOwner;
    this.testUsers = this.parts.testUsers;
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        if (!res.headersSent) writeJson(res, 500, { message: String(error), code: 0 });
      });
    });
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('FakeDiscord: server has no TCP address');
    this.listeningPort = address.port;
    this.gateway.attach(this.server, '/gateway', `ws://127.0.0.1:${this.listeningPort}`);
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get port(): number {
    return this.listeningPort;
  }

  /** http://127.0.0.1:PORT */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.listeningPort}`;
  }

  /** Pass as `rest.api` to the discord.js Client; requests then go to `${apiUrl}/v10/...`. */
  get apiUrl(): string {
    return `${this.baseUrl}/api`;
  }

  get gatewayUrl(): string {
    return this.gateway.gatewayUrl;
  }

  get botUser(): FakeUser {
    return this.state.bot;
  }

  get applicationId(): string {
    return this.state.applicationId;
  }

  // ── world factories ────────────────────────────────────────────────────────

  /** A new user, by default a member of the default guild (GUILD_MEMBER_ADD is dispatched if logged in). */
  createUser(username: string, options: { guildIds?: string[]; bot?: boolean } = {}): FakeUser {
    const user = this.state.createUser({ username, bot: options.bot });
    for (const guildId of options.guildIds ?? [this.guild.id]) {
      const guild = this.state.requireGuild(guildId);
      const member = this.state.addMember(guild, user.id);
      this.gateway.dispatch('GUILD_MEMBER_ADD', { ...this.parts.payloads.member(guild, member), guild_id: guild.id });
    }
    return user;
  }

  /** Looks a user up by username. */
  user(username: string): FakeUser {
    const user = [...this.state.users.values()].find((u) => u.username === username);
    if (!user) throw new Error(`FakeDiscord: no user named ${username}`);
    return user;
  }

  /**
   * An extra guild with the bot, the owner and all test users; GUILD_CREATE is dispatched if logged in (to the
   * shard it maps to). `shard: [id, count]` picks an id that Discord's routing puts on that shard.
   */
  createGuild(name: string, options: { shard?: readonly [number, number] } = {}): FakeGuild {
    const guild = this.state.createGuild(name, this.guildOwner.id, options.shard);
    this.state.addMember(guild, this.guildOwner.id);
    for (const user of this.testUsers) this.state.addMember(guild, user.id);
    this.gateway.dispatch('GUILD_CREATE', this.parts.payloads.guildCreate(guild));
    return guild;
  }

  createTextChannel(name: string, guildId = this.guild.id): FakeChannel {
    return this.addGuildChannel(ChannelKind.GuildText, name, guildId);
  }

  createVoiceChannel(name: string, guildId = this.guild.id): FakeChannel {
    return this.addGuildChannel(ChannelKind.GuildVoice, name, guildId);
  }

  /** The DM channel between the bot and a user (created on first use, like Discord). */
  dmChannel(user: UserRef): FakeChannel {
    return this.state.dmChannelFor(this.resolveUser(user).id);
  }

  channel(id: string): FakeChannel {
    return this.state.requireChannel(id);
  }

  // ── gateway ────────────────────────────────────────────────────────────────

  /** Sends any dispatch to logged-in sessions (intent rules apply); returns how many sessions received it. */
  dispatch(event: string, data: JsonObject): number {
    return this.gateway.dispatch(event, data);
  }

  /** Resolves once clients identified as every shard of `count` are ready (READY + their GUILD_CREATEs sent). */
  waitForShards(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitUntil(
      () => {
        const ready = new Set(this.gateway.readyShards().filter((s) => s[1] === count).map((s) => s[0]));
        return ready.size === count ? true : undefined;
      },
      timeoutMs,
      `${count} shards to log in`,
    ).then(() => undefined);
  }

  /** Resolves once a client has identified and received READY + GUILD_CREATE. */
  waitForLogin(timeoutMs = DEFAULT_WAIT_MS): Promise<IdentifyRecord> {
    return this.waitUntil(
      () => (this.gateway.readySessionCount > 0 ? this.gateway.identifies.at(-1) : undefined),
      timeoutMs,
      'a client to log in',
    );
  }

  // ── simulated users ────────────────────────────────────────────────────────

  sendSlashCommand(input: SlashCommandInput): InteractionHandle {
    return this.parts.simulator.slashCommand(input);
  }

  autocomplete(input: AutocompleteInput): InteractionHandle {
    return this.parts.simulator.autocomplete(input);
  }

  clickButton(input: ComponentInput): InteractionHandle {
    return this.parts.simulator.clickButton(input);
  }

  selectMenu(input: SelectInput): InteractionHandle {
    return this.parts.simulator.selectMenu(input);
  }

  submitModal(input: ModalSubmitInput): InteractionHandle {
    return this.parts.simulator.submitModal(input);
  }

  /** A user posts a message (MESSAGE_CREATE); attachments are served by the fake at their `url`. */
  sendMessage(input: UserMessageInput = {}): StoredMessage {
    return this.parts.userMessages.send(input);
  }

  /** A Discord voice message: flag IS_VOICE_MESSAGE, one audio/ogg attachment with duration_secs and waveform. */
  sendVoiceMessage(input: VoiceMessageInput): StoredMessage {
    return this.parts.userMessages.sendVoice(input);
  }

  /** A user joins/moves/leaves voice (VOICE_STATE_UPDATE). */
  setVoiceState(input: VoiceStateInput): FakeVoiceState {
    const guild = this.state.requireGuild(input.guildId ?? this.guild.id);
    return this.parts.voice.setVoiceState(guild, this.resolveUser(input.user).id, {
      channelId: input.channelId,
      selfMute: input.selfMute,
      selfDeaf: input.selfDeaf,
    });
  }

  // ── voice signalling (for the voice fake) ──────────────────────────────────

  /** Where VOICE_SERVER_UPDATE points the bot; null means no VOICE_SERVER_UPDATE is sent. */
  setVoiceServer(config: VoiceServerConfig | null): void {
    this.parts.voice.server = config;
  }

  /** When false, op 4 is only recorded and listeners must answer (via dispatch). Default true. */
  set autoAnswerVoice(value: boolean) {
    this.parts.voice.autoAnswer = value;
  }

  get voiceStateRequests(): readonly VoiceStateRequest[] {
    return this.parts.voice.requests;
  }

  onVoiceStateRequest(listener: VoiceStateRequestListener): () => void {
    return this.parts.voice.onRequest(listener);
  }

  /** Token, session id and endpoint handed to the bot for its current voice connection in a guild. */
  voiceSession(guildId = this.guild.id): VoiceSessionInfo | undefined {
    return this.parts.voice.session(guildId);
  }

  waitForVoiceStateRequest(
    predicate: (request: VoiceStateRequest) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<VoiceStateRequest> {
    return this.waitUntil(() => this.parts.voice.requests.find(predicate), timeoutMs, 'a voice state request (op 4)');
  }

  // ── what the bot did ───────────────────────────────────────────────────────

  /** Every REST call, in order. */
  get requests(): readonly RecordedRequest[] {
    return this.parts.log.all;
  }

  /** Recorded calls matching a method and a `/channels/:channelId/messages` style pattern (or RegExp). */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    const pattern = compilePattern(path);
    return this.parts.log.all.filter((r) => r.method === method.toUpperCase() && pattern.match(r.path) !== undefined);
  }

  /** Calls no route handled (answered 404 `{message:'Unknown', code:0}`). */
  unhandledRequests(): RecordedRequest[] {
    return this.parts.log.all.filter((r) => r.route === null);
  }

  waitFor(predicate: (request: RecordedRequest) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedRequest> {
    return this.parts.log.waitFor(predicate, timeoutMs);
  }

  waitForRequest(method: string, path: string | RegExp, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedRequest> {
    const pattern = compilePattern(path);
    return this.parts.log.waitFor((r) => r.method === method.toUpperCase() && pattern.match(r.path) !== undefined, timeoutMs);
  }

  /** Re-evaluates `check` on every change to the fake's state until it returns a value. */
  waitUntil<T>(check: () => T | undefined | PromiseLike<T | undefined>, timeoutMs = DEFAULT_WAIT_MS, description = 'a condition'): Promise<T> {
    return this.parts.notifier.waitUntil(check, timeoutMs, () => `${description}; recent requests:\n${this.parts.log.describeRecent()}`);
  }

  /** Messages in a channel in creation order, edits applied; includes ephemeral ones (check `flags & 64`). */
  channelMessages(channelId: string, options: { includeDeleted?: boolean } = {}): StoredMessage[] {
    return this.parts.messages.inChannel(channelId, options.includeDeleted);
  }

  message(id: string): StoredMessage | undefined {
    return this.parts.messages.get(id);
  }

  waitForMessage(
    channelId: string,
    predicate: (message: StoredMessage) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<StoredMessage> {
    return this.waitUntil(
      () => this.parts.messages.inChannel(channelId).find(predicate),
      timeoutMs,
      `a matching message in channel ${channelId}`,
    );
  }

  interaction(id: string): InteractionRecord | undefined {
    return this.parts.interactions.get(id);
  }

  /** Callback + webhook edits + follow-ups (+ deletes) for an interaction, in order. */
  interactionResponses(interactionId: string): InteractionResponseRecord[] {
    return [...(this.parts.interactions.get(interactionId)?.responses ?? [])];
  }

  /** Bodies of the registered commands: global with no argument, or a guild's. */
  registeredCommands(guildId: string | null = null): JsonObject[] {
    return this.state.commandsIn(guildId).map((c) => c.body);
  }

  attachment(id: string): StoredAttachment | undefined {
    return this.parts.messages.attachment(id);
  }

  // ── failure injection ──────────────────────────────────────────────────────

  /**
   * Answers matching REST calls with `reply` (e.g. `failures.missingPermissions()`) instead of the route, `times`
   * times (default once). Returns a function that removes the rule.
   */
  failRequests(matcher: RouteMatcher, reply: RestReply, times = 1): () => void {
    return this.parts.router.intercept(matcher, () => reply, times);
  }

  /** General per-route hook: return a reply to short-circuit, or undefined to let the route run. */
  intercept(matcher: RouteMatcher, interceptor: Interceptor, times = Number.POSITIVE_INFINITY): () => void {
    return this.parts.router.intercept(matcher, interceptor, times);
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const api = /^\/api\/v\d+(\/.*)$/.exec(url.pathname);
    if (api?.[1]) {
      await this.parts.router.handle(req, res, api[1], url);
      return;
    }
    const file = /^\/attachments\/(\d+)\/[^/]+$/.exec(url.pathname);
    const attachment = file?.[1] ? this.parts.messages.attachment(file[1]) : undefined;
    if (attachment && req.method === 'GET') {
      writeBytes(res, 200, attachment.data, attachment.contentType);
      return;
    }
    writeJson(res, 404, { message: '404: Not Found', code: 0 });
  }

  private addGuildChannel(type: typeof ChannelKind.GuildText | typeof ChannelKind.GuildVoice, name: string, guildId: string): FakeChannel {
    this.state.requireGuild(guildId);
    const channel = this.state.createChannel({ type, name, guildId });
    this.gateway.dispatch('CHANNEL_CREATE', this.parts.payloads.channel(channel));
    return channel;
  }

  private defaultUser(): FakeUser {
    const user = this.testUsers[0];
    if (!user) throw new Error('FakeDiscord: no test users configured; pass `user` explicitly');
    return user;
  }

  private resolveUser(ref: UserRef | undefined): FakeUser {
    return ref === undefined ? this.defaultUser() : this.state.resolveUser(ref);
  }
}
