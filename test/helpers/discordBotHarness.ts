import { startDiscordBot, type DiscordBot } from '../../src/bot/discord/index.js';
import { parseConfig, type Config } from '../../src/config/index.js';
import { fakeDiscordEnv } from './fakeDiscordEnv.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { openServices, type Services } from '../../src/services.js';
import { createTempDatabaseLocation, type TempDatabaseLocation } from './tempDb.js';
import { FakeDiscord, type FakeDiscordOptions, type StoredMessage } from '../fakes/discord/index.js';

export interface DiscordHarness {
  fake: FakeDiscord;
  bot: DiscordBot;
  services: Services;
  config: Config;
  stop(): Promise<void>;
  /** Stops only the bot and its services, as a crash would; the fake Discord and the database stay. */
  crash(): Promise<void>;
  /** Where this bot keeps its data (a SQLite file, or a Postgres database under TEST_DATABASE_URL): a restart reuses it. */
  location: TempDatabaseLocation;
}

/**
 * The production Discord bot (real discord.js client, real services on a SQLite file, or on a Postgres database of
 * its own under TEST_DATABASE_URL) against the local fake Discord. Only DISCORD_API_URL differs from production.
 */
export interface HarnessReuse {
  /** Keep using this fake Discord (a restarted bot sees the same world). */
  fake?: FakeDiscord;
  /** Keep using this database (a restarted bot sees the same data): another harness's, which this one's stop() removes. */
  location?: TempDatabaseLocation;
}

export async function startDiscordHarness(
  env: Record<string, string> = {},
  fakeOptions: FakeDiscordOptions = {},
  reuse: HarnessReuse = {},
  extras: { logger?: Logger; /** The clock replays expire by. */ now?: () => number } = {},
): Promise<DiscordHarness> {
  const fake = reuse.fake ?? new FakeDiscord(fakeOptions);
  if (!reuse.fake) await fake.start();
  // A restarted bot takes over the crashed one's database (and folder), so the last stop() removes it.
  const location = reuse.location ?? (await createTempDatabaseLocation('bot.db'));
  const config = parseConfig({
    ...fakeDiscordEnv(fake, location.env),
    // Providers follow the env here: tests point them at the OpenAI / Gemini fakes, else the offline ones answer.
    QUESTION_PROVIDER: 'auto',
    EVALUATOR_PROVIDER: 'auto',
    SPEAKER_PROVIDER: 'auto',
    DISCORD_MESSAGE_CONTENT_INTENT: 'true',
    DRILL_COOLDOWN_SECONDS: '0',
    // Tests never fetch the real speech model: without a configured transcriber, voice fails with a clear line.
    WHISPER_MODEL_DOWNLOAD: 'false',
    ...env,
  });
  // The bot registers its slash commands as it starts (only when they changed since the last start).
  const services = await openServices(config, { now: extras.now });
  const bot = await startDiscordBot(services, config, extras.logger ?? silentLogger());
  return {
    fake,
    bot,
    services,
    config,
    location,
    async stop() {
      await bot.stop();
      if (!reuse.fake) await fake.stop();
      await services.close();
      await location.cleanup();
    },
    async crash() {
      await bot.stop();
      await services.close();
    },
  };
}

export interface EmbedView {
  title: string;
  description: string;
  fields: { name: string; value: string }[];
  footer: string;
}

/** The first embed of a stored message, as plain strings. */
export function embedOf(message: { embeds?: unknown } | undefined): EmbedView {
  const embeds = (message?.embeds ?? []) as { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text?: string } }[];
  const e = embeds[0] ?? {};
  return { title: e.title ?? '', description: e.description ?? '', fields: e.fields ?? [], footer: e.footer?.text ?? '' };
}

export function field(view: EmbedView, name: string): string {
  return view.fields.find((f) => f.name === name)?.value ?? '';
}

/** What the bot itself posted in a channel or thread, oldest first. */
export function botMessagesIn(fake: FakeDiscord, channelId: string): StoredMessage[] {
  return fake.channelMessages(channelId).filter((m) => m.authorId === fake.botUser.id);
}

/** The bot's first message in the channel whose embed title passes `test`, waited for up to 10 s. */
export function waitForBotEmbed(fake: FakeDiscord, channelId: string, test: (title: string, m: StoredMessage) => boolean, what: string): Promise<StoredMessage> {
  return fake.waitUntil(() => botMessagesIn(fake, channelId).find((m) => test(embedOf(m).title, m)), 10_000, what);
}
