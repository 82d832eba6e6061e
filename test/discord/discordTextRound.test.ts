// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botMessagesIn, embedOf, field, startDiscordHarness, waitForBotEmbed, type DiscordHarness } from '../helpers/discordBotHarness.js';
import type { FakeUser, InteractionResponseRecord, StoredMessage } from '../fakes/discord/index.js';
import { sql } from '../../src/db/drizzle.js';
import { countRows, withDatabase } from '../helpers/inspectDatabase.js';
import { platformUserId } from '../helpers/ids.js';
import { drillFor, inChannel, threadOf } from '../helpers/locations.js';

let h: DiscordHarness;

beforeAll(async () => {
  h = await startDiscordHarness();
});
afterAll(async () => {
  await h.stop();
});

const botMessages = (channelId: string): StoredMessage[] => botMessagesIn(h.fake, channelId);
const waitForEmbed = (channelId: string, test: (title: string, m: StoredMessage) => boolean, what: string): Promise<StoredMessage> =>
  waitForBotEmbed(h.fake, channelId, test, what);

/** `/drill frontend`, then "Answer in text" and the form: each test's own practice, so tests run alone. */
async function answeredDrill(user: FakeUser, answer: string): Promise<{ card: InteractionResponseRecord; feedback: InteractionResponseRecord }> {
  const drill = h.fake.sendSlashCommand({ name: 'drill', options: { role: 'frontend' }, user, channelId: h.fake.guild.textChannel.id });
  const card = await drill.waitForResponse((r) => r.kind === 'editOriginal');
  const session = await h.services.engine.findOpen(drillFor('discord', user.id));
  if (!session || !card.messageId) throw new Error('no drill');
  const click = h.fake.clickButton({ customId: `ic:answer:${session.id}`, messageId: card.messageId, user });
  await click.waitForResponse((r) => r.callbackType === 9);
  const submit = h.fake.submitModal({ customId: `ic:answer:${session.id}`, fields: { answer }, user });
  const feedback = await submit.waitForResponse((r) => JSON.stringify(r.data).includes('Drill —'));
  return { card, feedback };
}

function openSessionWithThread(channelId: string) {
  return h.fake.waitUntil(async () => {
    const session = await h.services.engine.findOpen(inChannel(channelId));
    return threadOf(session) ? session : undefined;
  }, 5000, 'an open session with its thread');
}

describe('a text round in Discord', () => {
  it('registers every command for the guild', async () => {
    const names = h.fake.registeredCommands(h.fake.guild.id).map((c) => c['name']);
    expect(names).toEqual(expect.arrayContaining(['mock-interview', 'drill', 'progress', 'history', 'stop', 'forget-me']));
  });

  it('/mock-interview → thread + question, two typed answers → two feedback cards with filler counts, then a summary', async () => {
    const alice = h.fake.testUsers[0];
    if (!alice) throw new Error('no test user');
    const channel = h.fake.guild.textChannel.id;
    const command = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'backend', questions: 2, mode: 'text' }, user: alice, channelId: channel });
    const lobby = await command.waitForResponse((r) => r.kind === 'editOriginal');
    expect(embedOf(lobby.data as { embeds?: unknown }).title).toMatch(/Mock interview — Backend · mid · 2 questions · text/);

    const session = await openSessionWithThread(channel);
    const threadId = threadOf(session);
    if (!threadId) throw new Error('no thread');
    const q1 = await waitForEmbed(threadId, (t) => t.startsWith('Question 1/2'), 'question 1');
    expect(embedOf(q1).description).toContain('Reply in this thread');

    h.fake.sendMessage({ channelId: threadId, author: alice, content: 'Um, I would, like, add an index on the user id. Uh, and you know, cache the hot rows in Redis because it avoids repeated reads.' });
    const fb1 = await waitForEmbed(threadId, (t) => t.startsWith('Question 1/2 —'), 'feedback 1');
    const view = embedOf(fb1);
    expect(view.title).toMatch(/^Question 1\/2 — \d+(\.\d)?\/10/);
    expect(view.description).toContain(`<@${alice.id}>`);
    expect(field(view, 'Wording')).toContain('fillers 4 (');
    expect(field(view, 'Wording')).toMatch(/um ×1/);
    expect(field(view, 'Wording')).toMatch(/you know ×1/);
    expect(field(view, 'Your answer')).toContain('**Um**');
    expect(field(view, 'Ideal answer')).toMatch(/^\|\|.+\|\|$/s);
    expect(fb1.edits).toBeGreaterThanOrEqual(1);

    const q2 = await waitForEmbed(threadId, (t) => t.startsWith('Question 2/2 ·'), 'question 2');
    expect(q2).toBeDefined();
    h.fake.sendMessage({ channelId: threadId, author: alice, content: 'I would use a queue so the API returns quickly, and retry failed jobs with backoff.' });
    await waitForEmbed(threadId, (t) => t.startsWith('Question 2/2 —'), 'feedback 2');
    const summary = await waitForEmbed(threadId, (_t, m) => JSON.stringify(m.embeds).includes('/drill'), 'summary');
    expect(JSON.stringify(summary.embeds)).toContain(`<@${alice.id}>`);
    expect((await h.services.engine.get(session.id)).status).toBe('ended');
    const stored = await h.services.repos.answers.forSession(session.id);
    expect(stored.map((r) => r.answer.status)).toEqual(['scored', 'scored']);
    expect(stored[0]?.metrics?.fillersTotal).toBe(4);
  });

  it('a second /mock-interview in the same channel gets a friendly error', async () => {
    const [alice, bob] = h.fake.testUsers;
    const channel = h.fake.createTextChannel('busy-room').id;
    const first = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'frontend', questions: 1, mode: 'text' }, user: alice, channelId: channel });
    await first.waitForResponse((r) => r.kind === 'editOriginal');
    const second = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'frontend', mode: 'text' }, user: bob, channelId: channel });
    const reply = await second.waitForResponse((r) => JSON.stringify(r.data).includes('already running'));
    expect(JSON.stringify(reply.data)).toContain('started by Alice');
  });

  it('an answer from someone who is not in the round is refused and stored nowhere', async () => {
    const [alice, bob] = h.fake.testUsers;
    const channel = h.fake.createTextChannel('solo-room').id;
    const cmd = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'devops', questions: 1, mode: 'text' }, user: alice, channelId: channel });
    await cmd.waitForResponse((r) => r.kind === 'editOriginal');
    const session = await openSessionWithThread(channel);
    const threadId = threadOf(session) ?? '';
    await waitForEmbed(threadId, (t) => t.startsWith('Question 1/1'), 'question');
    h.fake.sendMessage({ channelId: threadId, author: bob, content: 'I would use Kubernetes for this.' });
    const refusal = await h.fake.waitUntil(() => botMessages(threadId).find((m) => JSON.stringify(m.embeds).includes('not in this round')), 5000, 'refusal');
    expect(refusal).toBeDefined();
    expect(await h.services.repos.answers.forSession(session.id)).toHaveLength(0);
  });

  it('/stop ends the round with a summary; buttons skip questions', async () => {
    const [alice] = h.fake.testUsers;
    const channel = h.fake.createTextChannel('stop-room').id;
    const cmd = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'mobile', questions: 3, mode: 'text' }, user: alice, channelId: channel });
    await cmd.waitForResponse((r) => r.kind === 'editOriginal');
    const session = await openSessionWithThread(channel);
    const threadId = threadOf(session) ?? '';
    const q1 = await waitForEmbed(threadId, (t) => t.startsWith('Question 1/3'), 'question 1');
    h.fake.clickButton({ customId: `ic:skip:${session.id}`, messageId: q1.id, user: alice });
    await waitForEmbed(threadId, (t) => t.startsWith('Question 2/3'), 'question 2 after skip');
    const stop = h.fake.sendSlashCommand({ name: 'stop', user: alice, channelId: threadId });
    await stop.waitForResponse();
    await waitForEmbed(threadId, (_t, m) => JSON.stringify(m.embeds).includes('/drill'), 'summary');
    expect((await h.services.engine.get(session.id)).status).toBe('ended');
  });

  it('/drill answers by modal with ephemeral feedback; /history lists it', async () => {
    const dana = h.fake.createUser('dana');
    const { card, feedback } = await answeredDrill(dana, 'Um, a closure keeps the lexical scope, so the function can read captured variables later.');
    expect(card.ephemeral).toBe(true);
    expect(feedback.ephemeral).toBe(true);
    expect(JSON.stringify(feedback.data)).toContain('fillers 1 (um ×1)');
    const history = h.fake.sendSlashCommand({ name: 'history', user: dana, channelId: h.fake.guild.textChannel.id });
    const list = await history.waitForResponse();
    expect(list.ephemeral).toBe(true);
    expect(JSON.stringify(list.data)).toMatch(/Frontend · \*\*\d+(\.\d)?\/10\*\*/);
  });

  it('/forget-me asks first, then deletes every row of the caller', async () => {
    const erin = h.fake.createUser('erin');
    await answeredDrill(erin, 'A closure keeps the lexical scope alive after the outer function returns.');
    const answersOf = () =>
      withDatabase(h.location.env, (db) => countRows(db, 'answers', sql`user_id in (select id from users where platform_user_id = ${erin.id})`));
    expect(await answersOf()).toBe(1);
    const cmd = h.fake.sendSlashCommand({ name: 'forget-me', user: erin, channelId: h.fake.guild.textChannel.id });
    const confirm = await cmd.waitForResponse();
    expect(JSON.stringify(confirm.data)).toContain('Delete everything');
    const click = h.fake.clickButton({ customId: 'ic:forget:', messageId: confirm.messageId ?? '', user: erin });
    await click.waitForResponse();
    expect(await h.services.repos.identity.findUser('discord', platformUserId(erin.id))).toBeUndefined();
    expect(await answersOf()).toBe(0);
  });
});

describe('answering a round question through the form', () => {
  it('"Answer in text" opens a modal whose submission is scored in the thread', async () => {
    const [alice] = h.fake.testUsers;
    const channel = h.fake.createTextChannel('form-room').id;
    const cmd = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'fullstack', questions: 1, mode: 'text' }, user: alice, channelId: channel });
    await cmd.waitForResponse((r) => r.kind === 'editOriginal');
    const session = await openSessionWithThread(channel);
    const threadId = threadOf(session) ?? '';
    const q = await waitForEmbed(threadId, (t) => t.startsWith('Question 1/1'), 'question');
    const click = h.fake.clickButton({ customId: `ic:answer:${session.id}`, messageId: q.id, user: alice });
    await click.waitForResponse((r) => r.callbackType === 9);
    h.fake.submitModal({ customId: `ic:answer:${session.id}`, fields: { answer: 'I would render on the server, hmm, and hydrate on the client.' }, user: alice });
    const feedback = await waitForEmbed(threadId, (t) => t.startsWith('Question 1/1 —'), 'feedback');
    expect(field(embedOf(feedback), 'Wording')).toContain('fillers 1 (hmm ×1)');
  });
});

describe('/progress and autocomplete in Discord', () => {
  it('/progress replies privately with the trend as text and the chart attached as progress.png', async () => {
    const frank = h.fake.createUser('frank');
    await answeredDrill(frank, 'I would memoise the selector, um, so the list only re-renders when its items change.');
    const cmd = h.fake.sendSlashCommand({ name: 'progress', user: frank, channelId: h.fake.guild.textChannel.id });
    const reply = await cmd.waitForResponse((r) => r.kind === 'editOriginal' || r.kind === 'followup');
    expect(reply.ephemeral).toBe(true);
    const text = JSON.stringify(reply.data);
    expect(text).toContain('attachment://progress.png');
    expect(text).toMatch(/session/);
    const png = reply.files.find((f) => f.filename === 'progress.png');
    expect(png?.data.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('/progress with no history says how to start instead of drawing an empty chart', async () => {
    const newcomer = h.fake.createUser('newcomer', { guildIds: [h.fake.guild.id] });
    const cmd = h.fake.sendSlashCommand({ name: 'progress', user: newcomer, channelId: h.fake.guild.textChannel.id });
    const reply = await cmd.waitForResponse((r) => r.kind === 'editOriginal' || r.kind === 'followup');
    expect(JSON.stringify(reply.data)).toContain('No practice yet');
    expect(reply.files).toHaveLength(0);
  });

  it('topics autocomplete offers the role bank categories matching what was typed', async () => {
    const handle = h.fake.autocomplete({ name: 'mock-interview', options: { role: 'frontend', topics: 'Re' }, focused: 'topics', channelId: h.fake.guild.textChannel.id });
    const reply = await handle.waitForResponse();
    const choices = (reply.data as { choices?: { name: string }[] }).choices ?? [];
    expect(choices.map((c) => c.name)).toEqual(['React']);
  });
});
