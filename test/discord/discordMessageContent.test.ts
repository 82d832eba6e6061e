// storage: SQLite and PostgreSQL
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { embedOf, field, startDiscordHarness, type DiscordHarness } from '../helpers/discordBotHarness.js';
import type { StoredMessage } from '../fakes/discord/index.js';
import { Intent } from '../fakes/discord/intents.js';
import type { SessionId } from '../../src/ids.js';
import { inChannel, threadOf } from '../helpers/locations.js';

/** A Discord application whose developer portal has Message Content switched off (the default for a new bot). */
let h: DiscordHarness;
const logLines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  // What the bot does by default (checked below): ask for Message Content.
  h = await startDiscordHarness({ DISCORD_MESSAGE_CONTENT_INTENT: 'true' }, { privilegedIntents: { messageContent: false } }, {}, { logger: createLogger('info', sink) });
});
afterAll(async () => {
  await h.stop();
});

const botMessages = (channelId: string): StoredMessage[] => h.fake.channelMessages(channelId).filter((m) => m.authorId === h.fake.botUser.id);
const hints = (channelId: string): StoredMessage[] => botMessages(channelId).filter((m) => embedOf(m).title.includes("I can't read that"));

async function textRound(name: string): Promise<{ threadId: string; sessionId: SessionId; lobbyId: string }> {
  const [alice] = h.fake.testUsers;
  const channel = h.fake.createTextChannel(name).id;
  const cmd = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'backend', questions: 1, mode: 'text' }, user: alice, channelId: channel });
  const lobby = await cmd.waitForResponse((r) => r.kind === 'editOriginal');
  const session = await h.fake.waitUntil(async () => {
    const s = await h.services.engine.findOpen(inChannel(channel));
    return threadOf(s) ? s : undefined;
  }, 5000, 'session with thread');
  const threadId = threadOf(session) ?? '';
  await h.fake.waitUntil(() => botMessages(threadId).find((m) => embedOf(m).title.startsWith('Question 1/1')), 5000, 'question 1');
  return { threadId, sessionId: session.id, lobbyId: lobby.messageId ?? '' };
}

describe('Discord without the Message Content intent', () => {
  it('the bot asks for Message Content unless told not to', async () => {
    expect(parseConfig({}).DISCORD_MESSAGE_CONTENT_INTENT).toBe(true);
    expect(parseConfig({ DISCORD_MESSAGE_CONTENT_INTENT: 'false' }).DISCORD_MESSAGE_CONTENT_INTENT).toBe(false);
  });

  it('Discord closes with 4014: the bot logs in again without the intent and logs one line saying how to enable it', async () => {
    const intents = h.fake.gateway.identifies.map((i) => i.intents);
    expect(intents).toHaveLength(2);
    expect((intents[0] ?? 0) & Intent.MessageContent).toBe(Intent.MessageContent);
    expect((intents[1] ?? 0) & Intent.MessageContent).toBe(0);
    expect(h.fake.gateway.readySessionCount).toBe(1);
    expect(h.bot.context.messageContent).toBe(false);
    const explained = logLines.filter((line) => line.includes('Message Content'));
    expect(explained).toHaveLength(1);
    expect(explained[0]).toContain('4014');
    expect(explained[0]).toContain('Developer Portal');
    expect(explained[0]).toContain('"level":40');
  });

  it('cards offer only what works: the Answer in text button, no replies or voice messages in the thread', async () => {
    const { threadId, lobbyId } = await textRound('no-content-cards');
    const question = botMessages(threadId).find((m) => embedOf(m).title.startsWith('Question 1/1'));
    const how = embedOf(question).description;
    expect(how).toContain('**Answer in text**');
    expect(how).not.toMatch(/voice message|Reply in this thread/);
    expect(JSON.stringify(question?.components)).toContain('ic:answer:');
    const welcome = botMessages(threadId).find((m) => embedOf(m).title === 'Welcome to the round');
    expect(embedOf(welcome).description).not.toMatch(/voice message|Reply in this thread/);
    expect(embedOf(h.fake.message(lobbyId)).description).not.toContain('voice message');
  });

  it('a message that arrives empty gets one hint per person per round; a message that mentions the bot is an answer', async () => {
    const [alice, bob] = h.fake.testUsers;
    const { threadId, sessionId } = await textRound('no-content-hint');
    const sent = h.fake.sendMessage({ channelId: threadId, author: alice, content: 'I would add an index on the user id.' });
    expect(sent.content).not.toBe('');
    const hint = await h.fake.waitUntil(() => hints(threadId)[0], 5000, 'the hint');
    expect(embedOf(hint).description).toContain(`<@${alice?.id}>`);
    expect(embedOf(hint).description).toContain('**Answer in text**');
    expect(embedOf(hint).description).toContain('Developer Portal');

    h.fake.sendMessage({ channelId: threadId, author: alice, content: 'Hello? Did you get that?' });
    // Someone not in the round is told to join first.
    h.fake.sendMessage({ channelId: threadId, author: bob, content: 'Can I answer too?' });
    const bobHint = await h.fake.waitUntil(() => hints(threadId).find((m) => embedOf(m).description.includes(`<@${bob?.id}>`)), 5000, "Bob's hint");
    expect(embedOf(bobHint).description).toContain('**Join**');

    // Mentioning the bot makes Discord deliver the content: that is an answer, without the mention.
    h.fake.sendMessage({ channelId: threadId, author: alice, content: `<@${h.fake.botUser.id}> Um, I would add an index on the user id and cache hot rows.` });
    const feedback = await h.fake.waitUntil(() => botMessages(threadId).find((m) => embedOf(m).title.startsWith('Question 1/1 —')), 10_000, 'feedback');
    expect(field(embedOf(feedback), 'Your answer')).not.toContain('<@');
    expect(field(embedOf(feedback), 'Wording')).toContain('um ×1');
    expect(hints(threadId)).toHaveLength(2);
    const stored = await h.services.repos.answers.forSession(sessionId);
    expect(stored).toHaveLength(1);
  });

  it('the Answer in text form works without the intent', async () => {
    const [alice] = h.fake.testUsers;
    const { threadId, sessionId } = await textRound('no-content-form');
    const question = botMessages(threadId).find((m) => embedOf(m).title.startsWith('Question 1/1'));
    await h.fake.clickButton({ customId: `ic:answer:${sessionId}`, messageId: question?.id ?? '', user: alice }).waitForResponse((r) => r.callbackType === 9);
    h.fake.submitModal({ customId: `ic:answer:${sessionId}`, fields: { answer: 'I would render on the server and hydrate on the client.' }, user: alice });
    await h.fake.waitUntil(() => botMessages(threadId).find((m) => embedOf(m).title.startsWith('Question 1/1 —')), 10_000, 'feedback');
    expect(hints(threadId)).toHaveLength(0);
  });
});
