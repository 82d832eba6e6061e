// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSlackBot } from '../../src/bot/slack/index.js';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/logger.js';
import { openServices } from '../../src/services.js';
import { createTempDatabaseLocation, type TempDatabaseLocation } from '../helpers/tempDb.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { FakeSlack, threadReply } from '../fakes/slack/index.js';
import { CHANNEL, HOST, headerOf, messageText, newestRoot, slackEnv } from './slackHarness.js';

let fake: FakeSlack;
let openai: FakeOpenAI;
/** The one database both boots use: a SQLite file, or a Postgres database of its own under TEST_DATABASE_URL. */
let location: TempDatabaseLocation;

beforeAll(async () => {
  fake = await FakeSlack.start();
  fake.addChannel({ id: CHANNEL, name: 'practice' });
  fake.addUser({ id: HOST, name: 'alice', real_name: 'Alice' });
  openai = await FakeOpenAI.start();
  location = await createTempDatabaseLocation('slack.db');
});
afterAll(async () => {
  await fake.stop();
  await openai.close();
  await location.cleanup();
});

async function boot(env: Record<string, string>) {
  const config = parseConfig({ ...slackEnv(fake, location.env), ...env });
  const services = await openServices(config);
  const bot = await startSlackBot(services, config, silentLogger(), { host: '127.0.0.1' });
  fake.setBotEndpoint(`http://127.0.0.1:${bot.port ?? 0}/slack/events`);
  return { services, bot };
}

it('an answer cut off by a crash before scoring is scored after restart, in the same Slack message', async () => {
  openai.setDefault('chat', { delayMs: 30_000, json: {} });
  const first = await boot({ OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: 'sk-test', PROVIDER_TIMEOUT_MS: '60000' });
  await fake.sendSlashCommand({ command: '/mock-interview', text: 'backend 2', user_id: HOST, channel_id: CHANNEL });
  const root = await fake.waitUntil(() => newestRoot(fake), 5000);
  const thread = () => fake.threadMessages(CHANNEL, root?.ts ?? '');
  await fake.waitUntil(() => thread().some((m) => /^Question 1\/2 · /.test(headerOf(m) ?? '')), 5000);
  await fake.sendEvent(threadReply({ user: HOST, channel: CHANNEL, thread_ts: root?.ts ?? '', text: 'Um, I would add a read replica and cache hot keys.' }));
  const status = await fake.waitUntil(() => thread().find((m) => /scoring/i.test(messageText(m))), 5000);
  await first.bot.stop();
  await first.services.close();

  const second = await boot({ EVALUATOR_PROVIDER: 'rubric' });
  try {
    await fake.waitUntil(() => /^Question 1\/2 — [\d.]+\/10/.test(headerOf(fake.message(CHANNEL, status?.ts ?? '')) ?? ''), 10_000);
    expect(messageText(fake.message(CHANNEL, status?.ts ?? ''))).toMatch(/fillers 1 \(um ×1\)/);
    await fake.waitUntil(() => thread().some((m) => messageText(m).includes('I restarted')), 5000);
    // The answer scored after the restart completed question 1: the round moves on instead of asking it again.
    await fake.waitUntil(() => thread().some((m) => /^Question 2\/2 · /.test(headerOf(m) ?? '')), 5000);
  } finally {
    await second.bot.stop();
    await second.services.close();
  }
});
