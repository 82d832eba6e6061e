import { setImmediate as nextTurn } from 'node:timers/promises';
import { RTP_OPUS_PAYLOAD_TYPE, type VoiceConnection } from '@discordjs/voice';
import { startDiscordBot, type DiscordBot } from '../../src/bot/discord/index.js';
import { deployCommands } from '../../src/bot/discord/deployCommands.js';
import { createVoiceRounds, type VoiceRoundEvents, type VoiceRoundOptions, type VoiceRoundsHandle } from '../../src/bot/discord/voice/index.js';
import { parseConfig } from '../../src/config/index.js';
import { fakeDiscordEnv } from '../helpers/fakeDiscordEnv.js';
import { createTempDatabaseLocation, type TempDatabaseLocation } from '../helpers/tempDb.js';
import { silentLogger } from '../../src/logger.js';
import type { Speaker } from '../../src/pipeline/speech/types.js';
import { openServices, type Services } from '../../src/services.js';
import { FakeDiscord, type StoredMessage } from '../fakes/discord/index.js';
import type { SentPacket, SpeakOptions } from '../fakes/discord/voice/FakeSpeaker.js';
import { FakeVoiceServer } from '../fakes/discord/voice/FakeVoiceServer.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import type { SpokenAnswer } from './spokenAnswer.js';
import type { SessionId } from '../../src/ids.js';
import { threadOf } from '../helpers/locations.js';

export interface VoiceHarnessOptions {
  dave: boolean;
  /** Extra environment (e.g. SILENCE_END_SECONDS). */
  env?: Record<string, string>;
  voice?: Partial<VoiceRoundOptions>;
  /** Usernames in the voice channel (and speaking in the fake voice server) before the bot logs in. */
  inChannel?: string[];
  /** Speak only the first words of each question, to keep suites short (the full text is still posted). */
  shortQuestions?: boolean;
}

type EventName = keyof VoiceRoundEvents;

export interface RoundOptions {
  questions?: number;
  round?: 'everyone' | 'hot-seat';
  leaderboard?: boolean;
}
type Recorded = { [K in EventName]: VoiceRoundEvents[K][0][] };

/**
 * The real bot (discord.js client, @discordjs/voice, openServices, startDiscordBot with createVoiceRounds) against
 * the local Discord (REST + gateway), the fake voice server (joined through the gateway's op 4 → VOICE_SERVER_UPDATE)
 * and the fake OpenAI transcription server.
 */
export class VoiceHarness {
  readonly events: Recorded = {
    joined: [],
    questionSpoken: [],
    listening: [],
    answerCaptured: [],
    answerSubmitted: [],
    resubscribed: [],
    reconnected: [],
    connectionLost: [],
    degraded: [],
    participantLeft: [],
    left: [],
    failure: [],
  };

  /** Per user: RTP sequence numbers of their datagrams the bot's voice socket received during the latest speak(). */
  readonly #received = new Map<string, Set<number>>();
  /** Per user: the last datagram their latest speak() put on the wire. */
  readonly #lastSent = new Map<string, SentPacket>();
  readonly #observedSockets = new WeakSet<object>();

  private constructor(
    readonly fake: FakeDiscord,
    readonly voiceServer: FakeVoiceServer,
    readonly openai: FakeOpenAI,
    readonly services: Services,
    readonly bot: DiscordBot,
    readonly voice: VoiceRoundsHandle,
    private readonly location: TempDatabaseLocation,
  ) {
    for (const name of Object.keys(this.events) as EventName[]) {
      voice.manager.on(name, (event: VoiceRoundEvents[typeof name][0]) => {
        (this.events[name] as unknown[]).push(event);
      });
    }
  }

  static async start(options: VoiceHarnessOptions): Promise<VoiceHarness> {
    const fake = new FakeDiscord({ testUsers: ['alice', 'bob', 'carol'] });
    await fake.start();
    const voiceServer = await FakeVoiceServer.start({ daveProtocolVersion: options.dave ? 1 : 0, channelId: fake.guild.voiceChannel.id });
    fake.setVoiceServer({ endpoint: voiceServer.endpoint, token: voiceServer.token });
    const openai = await FakeOpenAI.start();
    // A SQLite file, or under TEST_DATABASE_URL a database of its own on the Postgres server (tempDb.ts).
    const location = await createTempDatabaseLocation('voice.db');
    const config = parseConfig({
      ...fakeDiscordEnv(fake, location.env),
      WHISPER_BASE_URL: openai.url,
      WHISPER_API_KEY: 'test',
      PROVIDER_MAX_RETRIES: '0',
      SILENCE_END_SECONDS: '3',
      ...options.env,
    });
    await deployCommands(config);
    for (const username of options.inChannel ?? []) {
      const user = fake.user(username);
      fake.setVoiceState({ user, channelId: fake.guild.voiceChannel.id });
      voiceServer.addSpeaker({ userId: user.id });
    }
    const created = await openServices(config);
    const services = options.shortQuestions ? { ...created, speaker: firstWords(created.speaker, 3) } : created;
    let handle: VoiceRoundsHandle | undefined;
    const bot = await startDiscordBot(services, config, silentLogger(), {
      voice: (ctx) => {
        handle = createVoiceRounds(ctx, { absenceGraceMs: 1_000, reconnectWindowMs: 1_000, readyTimeoutMs: 5_000, ...options.voice });
        return handle;
      },
    });
    if (!handle) throw new Error('voice module was not created');
    return new VoiceHarness(fake, voiceServer, openai, services, bot, handle, location);
  }

  userId(username: string): string {
    return this.fake.user(username).id;
  }

  /** `/mock-interview … mode:voice` from alice; resolves once the first question has been spoken and heard. */
  async startRound(options: RoundOptions = {}): Promise<{ sessionId: SessionId; threadId: string }> {
    const listenedBefore = this.events.listening.length;
    this.sendRoundCommand(options);
    const listening = await this.waitFor('listening', () => true, 20_000, listenedBefore);
    const session = await this.services.engine.get(listening.sessionId);
    const threadId = threadOf(session);
    if (!threadId) throw new Error('the round has no thread');
    return { sessionId: session.id, threadId };
  }

  sendRoundCommand(options: RoundOptions = {}): void {
    this.fake.sendSlashCommand({
      name: 'mock-interview',
      user: this.fake.user('alice'),
      channelId: this.fake.guild.textChannel.id,
      options: {
        role: 'frontend',
        questions: options.questions ?? 1,
        mode: 'voice',
        round: options.round ?? 'everyone',
        ...(options.leaderboard !== undefined ? { leaderboard: options.leaderboard } : {}),
      },
    });
  }

  /** The next event of a kind (after the first `skip` recorded ones) matching the predicate, as the manager emits it. */
  waitFor<K extends EventName>(name: K, predicate: (event: VoiceRoundEvents[K][0]) => boolean = () => true, timeoutMs = 15_000, skip = 0): Promise<VoiceRoundEvents[K][0]> {
    const found = this.events[name].slice(skip).find((e) => predicate(e as VoiceRoundEvents[K][0]));
    if (found) return Promise.resolve(found as VoiceRoundEvents[K][0]);
    const manager = this.voice.manager;
    return new Promise((resolve, reject) => {
      const listener = (event: VoiceRoundEvents[K][0]): void => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        manager.off(name, listener as never);
        resolve(event);
      };
      const timer = setTimeout(() => {
        manager.off(name, listener as never);
        const failures = this.events.failure.map((f) => `${f.during}: ${String(f.error)}`).join('; ');
        reject(new Error(`timed out waiting for voice event '${name}'${failures ? ` (failures: ${failures})` : ''}`));
      }, timeoutMs);
      manager.on(name, listener as never);
    });
  }

  connection(sessionId: SessionId): VoiceConnection {
    const connection = this.voice.manager.round(sessionId)?.connection;
    if (!connection) throw new Error('no voice connection');
    return connection;
  }

  /** Audio is only attributed once the bot knows the speaker's SSRC (voice op 5). */
  async waitForSsrc(sessionId: SessionId, usernames: string[]): Promise<void> {
    await this.voiceServer.waitFor(() => usernames.every((u) => this.connection(sessionId).receiver.ssrcMap.get(this.userId(u))), 'SSRC mapping in the bot');
  }

  /** Speaks an answer in real time (by default); what reaches the bot's voice socket is observed for waitForDelivery. */
  async speak(username: string, answer: SpokenAnswer, extra: Omit<SpeakOptions, 'gaps'> = {}): Promise<SentPacket[]> {
    const userId = this.userId(username);
    const speaker = this.voiceServer.speakers.get(userId);
    if (!speaker) throw new Error(`${username} is not a speaker`);
    this.#observeBotSocket();
    this.#received.set(userId, new Set());
    this.#lastSent.delete(userId);
    const sent = await speaker.speak(answer.frames, { gaps: answer.gaps, ...extra });
    const last = sent.at(-1);
    if (last) this.#lastSent.set(userId, last);
    return sent;
  }

  /** Datagrams of `username` the bot's voice socket has received since their latest speak() began. */
  received(username: string): number {
    return this.#received.get(this.userId(username))?.size ?? 0;
  }

  /** Waits until the bot has received `count` of the datagrams `username` is sending. */
  async waitForReceived(username: string, count: number): Promise<void> {
    await this.voiceServer.waitFor(() => this.received(username) >= count, `${count} datagrams from ${username} at the bot`);
  }

  /**
   * Waits until the last datagram of `username`'s latest speak() has reached the bot and been handled: the
   * library's receiver listens on the socket before this harness does, so it has passed the payload on by then.
   */
  async waitForDelivery(username: string): Promise<void> {
    const userId = this.userId(username);
    const last = this.#lastSent.get(userId);
    if (!last) throw new Error(`${username} has not spoken`);
    await this.voiceServer.waitFor(() => this.#received.get(userId)?.has(last.sequence), `${username}'s last datagram at the bot`);
    await nextTurn();
  }

  /** Listens (after the library) on the bot's current voice UDP socket, noting each Opus datagram's SSRC and sequence. */
  #observeBotSocket(): void {
    const sessionId = this.events.joined.at(-1)?.sessionId;
    const state = sessionId ? this.voice.manager.round(sessionId)?.connection?.state : undefined;
    const networking = state && 'networking' in state ? state.networking.state : undefined;
    const udp = networking && 'udp' in networking ? networking.udp : undefined;
    if (!udp || this.#observedSockets.has(udp)) return;
    this.#observedSockets.add(udp);
    udp.on('message', (message: Buffer) => {
      if (message.length <= 12 || ((message[1] ?? 0) & 0x7f) !== RTP_OPUS_PAYLOAD_TYPE) return;
      const ssrc = message.readUInt32BE(8);
      const speaker = [...this.voiceServer.speakers.values()].find((s) => s.ssrc === ssrc);
      if (speaker) this.#received.get(speaker.userId)?.add(message.readUInt16BE(2));
    });
  }

  /** A user enters (or, with null, leaves) the round's voice channel, in Discord and in the voice server. */
  moveUser(username: string, channelId: string | null): void {
    const user = this.fake.user(username);
    this.fake.setVoiceState({ user, channelId });
    if (channelId && !this.voiceServer.speakers.has(user.id)) this.voiceServer.addSpeaker({ userId: user.id });
    if (!channelId) this.voiceServer.removeSpeaker(user.id);
  }

  /** The latest message in the thread whose embed title starts with `prefix`. */
  threadMessage(threadId: string, prefix: string): StoredMessage | undefined {
    return this.fake.channelMessages(threadId).filter((m) => String(m.embeds[0]?.['title'] ?? '').startsWith(prefix)).at(-1);
  }

  /** The question card currently shown in the thread (the newest one). */
  questionMessage(threadId: string): StoredMessage {
    // The card with the round's controls: feedback cards have buttons too (the replay), never "I'm done".
    const message = this.fake.channelMessages(threadId).filter((m) => String(m.embeds[0]?.['title'] ?? '').startsWith('Question ') && JSON.stringify(m.components).includes('"ic:done:')).at(-1);
    if (!message) throw new Error('no question card in the thread');
    return message;
  }

  /** "I'm done", pressed once the bot has the last word (a press racing the last datagram would cut it). */
  async pressDone(username: string, sessionId: SessionId, threadId: string): Promise<void> {
    await this.waitForDelivery(username);
    this.fake.clickButton({ customId: `ic:done:${sessionId}`, messageId: this.questionMessage(threadId).id, user: this.fake.user(username) });
  }

  /** The feedback card (an edited progress message) for a user's answer to question `number`. */
  feedback(threadId: string, username: string, number = 1): StoredMessage | undefined {
    const mention = `<@${this.userId(username)}>`;
    return this.fake.channelMessages(threadId).find((m) => {
      const embed = m.embeds[0];
      return String(embed?.['title'] ?? '').startsWith(`Question ${number}/`) && String(embed?.['description'] ?? '').startsWith(mention) && !JSON.stringify(m.components).includes('"ic:done:');
    });
  }

  waitForFeedback(threadId: string, username: string, number = 1, timeoutMs = 15_000): Promise<StoredMessage> {
    return this.fake.waitUntil(() => this.feedback(threadId, username, number), timeoutMs, `feedback for ${username} on question ${number}`);
  }

  /** Every text an embed shows (title, description, fields). */
  static text(message: StoredMessage | undefined): string {
    const embed = message?.embeds[0];
    if (!embed) return message?.content ?? '';
    const fields = Array.isArray(embed['fields']) ? embed['fields'] : [];
    const fieldText = fields.map((f) => (typeof f === 'object' && f !== null && !Array.isArray(f) ? `${String(f['name'])}: ${String(f['value'])}` : ''));
    return [embed['title'], embed['description'], ...fieldText].filter((t) => t !== undefined).map(String).join('\n');
  }

  /** WAVs the fake transcription server received, in order. */
  uploadedWavs(): Buffer[] {
    return this.openai.callsTo('transcriptions').flatMap((r) => (r.files?.['file'] ? [r.files['file'].bytes] : []));
  }

  async stop(): Promise<void> {
    await this.bot.stop();
    await this.voiceServer.close();
    await this.openai.close();
    await this.fake.stop();
    await this.services.close();
    await this.location.cleanup();
  }
}

/** A speaker that says only the first words: playback takes a second instead of several. */
function firstWords(inner: Speaker, count: number): Speaker {
  return { name: inner.name, speak: (text, signal) => inner.speak(text.split(/\s+/).slice(0, count).join(' '), signal) };
}

/** The transcript the fake Whisper returns: known fillers ("um", "like") so the feedback has something to count. */
export function useFillerTranscript(openai: FakeOpenAI): void {
  openai.transcript = {
    language: 'english',
    duration: 4,
    segments: [
      {
        start: 0,
        end: 4,
        text: ' Um, the reconciler compares trees, like, and keys match list items.',
        words: [
          { word: 'Um', start: 0, end: 0.3 },
          { word: 'the', start: 0.4, end: 0.5 },
          { word: 'reconciler', start: 0.5, end: 1.0 },
          { word: 'compares', start: 1.0, end: 1.4 },
          { word: 'trees', start: 1.4, end: 1.7 },
          { word: 'like', start: 1.8, end: 2.0 },
          { word: 'and', start: 3.0, end: 3.1 },
          { word: 'keys', start: 3.1, end: 3.4 },
          { word: 'match', start: 3.4, end: 3.6 },
          { word: 'list', start: 3.6, end: 3.8 },
          { word: 'items', start: 3.8, end: 4.0 },
        ],
      },
    ],
  };
}
