import { startSlackBot, type SlackBot } from '../../src/bot/slack/index.js';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { openServices, type Services } from '../../src/services.js';
import { createTempDatabaseLocation, type DatabaseEnv } from '../helpers/tempDb.js';
import { FakeSlack, type StoredMessage } from '../fakes/slack/index.js';

export const CHANNEL = 'C0PRACTICE';
export const HOST = 'U0ALICE';
export const GUEST = 'U0BOB';

export interface SlackHarness {
  fake: FakeSlack;
  bot: SlackBot;
  services: Services;
  stop(): Promise<void>;
}

/**
 * The real adapter (Bolt HTTP receiver on 127.0.0.1) against the local fake Slack, with a real SQLite file in a temp
 * folder (or a Postgres database of its own under TEST_DATABASE_URL) and the offline question bank and rubric evaluator. `env` adds settings (e.g. a transcriber URL).
 */
/** The settings that point the bot at a FakeSlack and a database file, with offline questions. */
export function slackEnv(fake: FakeSlack, database: string | DatabaseEnv): Record<string, string> {
  return {
    ...(typeof database === 'string' ? { DATABASE_PATH: database } : database),
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_SIGNING_SECRET: fake.signingSecret,
    SLACK_PORT: '0',
    SLACK_API_URL: fake.apiUrl,
    QUESTION_PROVIDER: 'bank',
  };
}

export async function startHarness(
  env: Record<string, string> = {},
  logger: Logger = silentLogger(),
  options: { /** The clock replays expire by. */ now?: () => number } = {},
): Promise<SlackHarness> {
  const fake = await FakeSlack.start();
  fake.addChannel({ id: CHANNEL, name: 'practice' });
  fake.addUser({ id: HOST, name: 'alice', real_name: 'Alice' });
  fake.addUser({ id: GUEST, name: 'bob', real_name: 'Bob' });
  // A SQLite file in a temp folder, or a Postgres database of its own under TEST_DATABASE_URL.
  const location = await createTempDatabaseLocation('slack.db');
  const config = parseConfig({
    ...slackEnv(fake, location.env),
    EVALUATOR_PROVIDER: 'rubric',
    SPEAKER_PROVIDER: 'espeak',
    // Tests never fetch the real speech model: without a configured transcriber, voice fails with a clear line.
    WHISPER_MODEL_DOWNLOAD: 'false',
    ...env,
  });
  const services = await openServices(config, { now: options.now });
  const bot = await startSlackBot(services, config, logger, { host: '127.0.0.1' });
  fake.setBotEndpoint(`http://127.0.0.1:${bot.port ?? 0}/slack/events`);
  return {
    fake,
    bot,
    services,
    async stop() {
      await bot.stop();
      await fake.stop();
      await services.close();
      await location.cleanup();
    },
  };
}

/** Plain text of everything a message shows: fallback text plus every text in its blocks. */
export function messageText(message: Pick<StoredMessage, 'text' | 'blocks'> | undefined): string {
  if (!message) return '';
  const parts = [message.text];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') parts.push(inner);
        else walk(inner);
      }
    }
  };
  walk(message.blocks);
  return parts.join('\n');
}

export function headerOf(message: StoredMessage | undefined): string | undefined {
  const header = message?.blocks?.find((b): b is { type: 'header'; text: { text: string } } => {
    return typeof b === 'object' && b !== null && 'type' in b && b.type === 'header';
  });
  return header?.text.text;
}

export function actionIdsOf(message: StoredMessage | undefined): string[] {
  const ids: string[] = [];
  for (const block of message?.blocks ?? []) {
    if (typeof block !== 'object' || block === null || !('elements' in block) || !Array.isArray(block.elements)) continue;
    for (const element of block.elements) {
      if (typeof element === 'object' && element !== null && 'action_id' in element && typeof element.action_id === 'string') ids.push(element.action_id);
    }
  }
  return ids;
}

/** The round thread a slash command started in CHANNEL: the newest root message posted by the bot. */
export function newestRoot(fake: FakeSlack, channel = CHANNEL): StoredMessage | undefined {
  return fake.channelMessages(channel).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts).at(-1);
}
