// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackBot, type SlackBot } from '../../src/bot/slack/index.js';
import { HOW_TO_ANSWER } from '../../src/bot/slack/slackCards.js';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/logger.js';
import { openServices, type Services } from '../../src/services.js';
import { FakeSlack, threadReply } from '../fakes/slack/index.js';
import { eventEnvelope, slashCommandForm } from '../fakes/slack/inboundPayloads.js';
import { createTempDatabaseLocation, type TempDatabaseLocation } from '../helpers/tempDb.js';
import { CHANNEL, headerOf, HOST } from './slackHarness.js';
import { SocketModeLink } from './SocketModeLink.js';

const APP_TOKEN = 'xapp-1-A0FAKEAPP-test';

describe('Socket Mode: SLACK_APP_TOKEN, no HTTP listener, acks over the socket', () => {
  let fake: FakeSlack;
  let link: SocketModeLink;
  let db: TempDatabaseLocation;
  let services: Services;
  let bot: SlackBot;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.addChannel({ id: CHANNEL, name: 'practice' });
    link = await SocketModeLink.start(fake.apiUrl, APP_TOKEN);
    db = await createTempDatabaseLocation();
    const config = parseConfig({
      ...db.env,
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: link.apiUrl,
      QUESTION_PROVIDER: 'bank',
      EVALUATOR_PROVIDER: 'rubric',
    });
    services = await openServices(config);
    bot = await startSlackBot(services, config, silentLogger());
  });

  afterAll(async () => {
    await bot?.stop();
    await link?.stop();
    await fake?.stop();
    await services?.close();
    await db?.cleanup();
  });

  it('connects with the app token and opens no port', () => {
    expect(bot.mode).toBe('socket');
    expect(bot.port).toBeUndefined();
    expect(link.connected).toBe(true);
    expect(link.openCalls).toEqual([{ authorization: `Bearer ${APP_TOKEN}` }]);
  });

  it('a slash command envelope is acked at once, then the round starts in a thread; a reply is answered', async () => {
    const form = slashCommandForm(
      { command: '/mock-interview', text: 'frontend 1', user_id: HOST, channel_id: CHANNEL },
      fake.identity,
      `${fake.baseUrl}/response/socket-1`,
    );
    const envelope = link.push('slash_commands', Object.fromEntries(form));
    await link.waitFor(() => (link.acks.has(envelope) ? true : undefined));

    const root = await fake.waitUntil(() => {
      const candidate = fake.channelMessages(CHANNEL).find((m) => m.thread_ts === undefined);
      return candidate && fake.threadMessages(CHANNEL, candidate.ts).length >= 3 ? candidate : undefined;
    }, 5000);
    const [, note, question] = fake.threadMessages(CHANNEL, root.ts);
    expect(note?.text).toBe(HOW_TO_ANSWER);
    expect(headerOf(question)).toMatch(/^Question 1\/1 · /);

    const event = threadReply({ user: HOST, channel: CHANNEL, thread_ts: root.ts, text: 'I would memoise the list rows and key them by id.' });
    const eventEnvelopeId = link.push('events_api', eventEnvelope(event, fake.identity));
    await link.waitFor(() => (link.acks.has(eventEnvelopeId) ? true : undefined));
    const summary = await fake.waitUntil(() => fake.threadMessages(CHANNEL, root.ts).find((m) => (headerOf(m) ?? '').startsWith('🏁')), 5000);
    expect(summary).toBeDefined();
    expect(fake.threadMessages(CHANNEL, root.ts).some((m) => /^Question 1\/1 — /.test(headerOf(m) ?? ''))).toBe(true);
  });
});
