// storage: SQLite and PostgreSQL
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRegistryPath } from '../../src/bot/discord/commandRegistration.js';
import { embedOf, startDiscordHarness, type DiscordHarness } from '../helpers/discordBotHarness.js';
import { FakeDiscord, type StoredMessage } from '../fakes/discord/index.js';
import { platformUserId } from '../helpers/ids.js';
import { inChannel, threadOf } from '../helpers/locations.js';

const GUILD_PUT = /\/applications\/\d+\/guilds\/\d+\/commands$/;
const GLOBAL_PUT = /\/applications\/\d+\/commands$/;

describe('slash commands are registered when the bot starts', () => {
  it('a first start registers them for DISCORD_GUILD_ID; a restart with the same definitions sends nothing; changed definitions go again', async () => {
    const first = await startDiscordHarness();
    const fake = first.fake;
    const location = first.location;
    const harnesses: DiscordHarness[] = [first];
    try {
      expect(fake.requestsTo('PUT', GUILD_PUT)).toHaveLength(1);
      const names = fake.registeredCommands(fake.guild.id).map((c) => c['name']);
      expect(names).toEqual(expect.arrayContaining(['mock-interview', 'drill', 'progress', 'history', 'stop', 'share-progress', 'forget-me']));
      const registry = commandRegistryPath(first.config.DATABASE_PATH) ?? '';
      expect(Object.keys(JSON.parse(readFileSync(registry, 'utf8')) as object)).toEqual([`${fake.applicationId}:${fake.guild.id}`]);
      await first.crash();

      const second = await startDiscordHarness({}, {}, { fake, location });
      harnesses.push(second);
      expect(fake.requestsTo('PUT', GUILD_PUT)).toHaveLength(1);
      // The registered commands still work after the restart.
      const reply = await fake.sendSlashCommand({ name: 'history', user: fake.testUsers[0], channelId: fake.guild.textChannel.id }).waitForResponse();
      expect(reply.ephemeral).toBe(true);
      await second.crash();

      // Definitions that differ from the remembered ones (here: a file from an older version) are registered again.
      writeFileSync(registry, JSON.stringify({ [`${fake.applicationId}:${fake.guild.id}`]: 'an-older-hash' }));
      const third = await startDiscordHarness({}, {}, { fake, location });
      harnesses.push(third);
      expect(fake.requestsTo('PUT', GUILD_PUT)).toHaveLength(2);
      await third.crash();

      // An unreadable file is no reason not to start: the commands are simply registered again.
      writeFileSync(registry, '{ not json');
      const fourth = await startDiscordHarness({}, {}, { fake, location });
      harnesses.push(fourth);
      expect(fake.requestsTo('PUT', GUILD_PUT)).toHaveLength(3);
      expect(JSON.parse(readFileSync(registry, 'utf8'))).toHaveProperty([`${fake.applicationId}:${fake.guild.id}`]);
      await fourth.crash();
    } finally {
      await fake.stop();
      for (const h of harnesses) await h.services.close();
      await location.cleanup();
    }
  });

  it('without DISCORD_GUILD_ID they are registered globally, once', async () => {
    const fake = new FakeDiscord();
    await fake.start();
    const first = await startDiscordHarness({ DISCORD_GUILD_ID: '' }, {}, { fake });
    const location = first.location;
    await first.crash();
    const second = await startDiscordHarness({ DISCORD_GUILD_ID: '' }, {}, { fake, location });
    try {
      expect(fake.requestsTo('PUT', GLOBAL_PUT)).toHaveLength(1);
      expect(fake.requestsTo('PUT', GUILD_PUT)).toHaveLength(0);
      expect(fake.registeredCommands(null).map((c) => c['name'])).toContain('mock-interview');
    } finally {
      await second.stop();
      await fake.stop();
    }
  });
});

describe('who waits in the lobby', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    // A real lobby wait, so that "starts at once" cannot come from LOBBY_SECONDS=0.
    h = await startDiscordHarness({ LOBBY_SECONDS: '30' });
  });
  afterAll(async () => {
    await h.stop();
  });

  const botMessages = (channelId: string): StoredMessage[] => h.fake.channelMessages(channelId).filter((m) => m.authorId === h.fake.botUser.id);
  const titled = (channelId: string, prefix: string) => () => botMessages(channelId).find((m) => embedOf(m).title.startsWith(prefix));
  const buttonIds = (message: StoredMessage | undefined): string[] => JSON.stringify(message?.components ?? []).match(/ic:[a-z]+:/g) ?? [];

  async function openSession(channelId: string) {
    return h.fake.waitUntil(async () => {
      const session = await h.services.engine.findOpen(inChannel(channelId));
      return threadOf(session) ? session : undefined;
    }, 5000, 'an open session with its thread');
  }

  it('a text round started by one person asks Question 1 within 3 s; Bob joins while it runs and answers from the next question', async () => {
    const [alice, bob] = h.fake.testUsers;
    const channel = h.fake.createTextChannel('solo-start').id;
    const sentAt = Date.now();
    const command = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'backend', questions: 2, mode: 'text' }, user: alice, channelId: channel });
    const session = await openSession(channel);
    const threadId = threadOf(session) ?? '';
    const q1 = await h.fake.waitUntil(titled(threadId, 'Question 1/2'), 3000, 'question 1 within 3 s');
    expect(q1.createdAt - sentAt).toBeLessThan(3000);

    // The lobby card says the round runs and keeps only Join live.
    const lobbyId = (await command.waitForResponse((r) => r.kind === 'editOriginal')).messageId ?? '';
    const lobby = await h.fake.waitUntil(() => {
      const m = h.fake.message(lobbyId);
      return m && embedOf(m).description.includes('The round has started') ? m : undefined;
    }, 5000, 'the lobby card marked started');
    expect(buttonIds(lobby)).toEqual(['ic:join:']);

    const join = h.fake.clickButton({ customId: `ic:join:${session.id}`, messageId: lobbyId, user: bob });
    const welcome = await join.waitForResponse((r) => JSON.stringify(r.data).includes("You're in"));
    expect(welcome.ephemeral).toBe(true);
    expect(await h.services.engine.participants(session.id)).toHaveLength(2);

    // Question 1 does not wait for Bob, who joined after it was asked.
    h.fake.sendMessage({ channelId: threadId, author: alice, content: 'I would add an index on the user id and cache the hot rows in Redis.' });
    await h.fake.waitUntil(titled(threadId, 'Question 1/2 —'), 10_000, 'feedback for Alice');
    await h.fake.waitUntil(titled(threadId, 'Question 2/2 ·'), 10_000, 'question 2 without waiting for Bob');

    // Question 2 is Bob's too: Alice's answer alone does not end the round.
    h.fake.sendMessage({ channelId: threadId, author: alice, content: 'I would put the work on a queue and retry failed jobs with backoff.' });
    const aliceFeedback = await h.fake.waitUntil(() => botMessages(threadId).find((m) => embedOf(m).title.startsWith('Question 2/2 —') && embedOf(m).description.includes(String(alice?.id))), 10_000, 'feedback 2 for Alice');
    expect(aliceFeedback).toBeDefined();
    expect((await h.services.engine.get(session.id)).status).toBe('active');
    h.fake.sendMessage({ channelId: threadId, author: bob, content: 'A queue decouples the API from slow work, and idempotent retries make failures safe.' });
    await h.fake.waitUntil(() => botMessages(threadId).find((m) => JSON.stringify(m.embeds).includes('/drill')), 10_000, 'the summary');
    expect((await h.services.engine.get(session.id)).status).toBe('ended');
    const bobUser = await h.services.repos.identity.findUser('discord', platformUserId(String(bob?.id)));
    const answered = (await h.services.repos.answers.forSession(session.id)).filter((r) => r.answer.userId === bobUser?.id);
    expect(answered).toHaveLength(1);

    // Once over, the lobby card offers nothing.
    const closed = await h.fake.waitUntil(() => {
      const m = h.fake.message(lobbyId);
      return m && embedOf(m).description.includes('This round has ended') ? m : undefined;
    }, 5000, 'the lobby card closed');
    expect(buttonIds(closed)).toEqual([]);
  });

  it('lobby:true keeps a text round in the lobby until the host presses Start now', async () => {
    const [alice, bob] = h.fake.testUsers;
    const channel = h.fake.createTextChannel('lobby-start').id;
    const command = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'frontend', questions: 1, mode: 'text', lobby: true }, user: alice, channelId: channel });
    const card = await command.waitForResponse((r) => r.kind === 'editOriginal');
    const lobbyId = card.messageId ?? '';
    const session = await openSession(channel);
    expect(embedOf(card.data as { embeds?: unknown }).description).toContain('Starts in 30 s');
    expect(buttonIds(h.fake.message(lobbyId))).toEqual(['ic:join:', 'ic:start:', 'ic:cancel:']);

    await h.fake.clickButton({ customId: `ic:join:${session.id}`, messageId: lobbyId, user: bob }).waitForResponse();
    expect((await h.services.engine.get(session.id)).status).toBe('lobby');
    expect(titled(threadOf(session) ?? '', 'Question 1/')()).toBeUndefined();

    h.fake.clickButton({ customId: `ic:start:${session.id}`, messageId: lobbyId, user: alice });
    await h.fake.waitUntil(titled(threadOf(session) ?? '', 'Question 1/1'), 5000, 'question 1 after Start now');
    expect((await h.services.engine.expectedAnswerers(session.id)).map((u) => u.platformUserId).sort()).toEqual([String(alice?.id), String(bob?.id)].sort());
  });
});
