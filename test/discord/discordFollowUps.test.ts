// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedOf, field, startDiscordHarness, waitForBotEmbed, type DiscordHarness } from '../helpers/discordBotHarness.js';
import type { StoredMessage } from '../fakes/discord/index.js';
import { inChannel, threadOf } from '../helpers/locations.js';

let h: DiscordHarness;

beforeAll(async () => {
  h = await startDiscordHarness();
});
afterAll(async () => {
  await h.stop();
});

const waitForEmbed = (channelId: string, test: (title: string, m: StoredMessage) => boolean, what: string): Promise<StoredMessage> =>
  waitForBotEmbed(h.fake, channelId, test, what);

describe('follow-up questions in a Discord text round', () => {
  it('follow_ups:true asks one follow-up on the weakest point of the answer, takes its answer and scores it on what the first one missed', async () => {
    const [alice] = h.fake.testUsers;
    if (!alice) throw new Error('no test user');
    const channel = h.fake.createTextChannel('follow-up-room').id;
    const command = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'backend', questions: 1, mode: 'text', follow_ups: true }, user: alice, channelId: channel });
    await command.waitForResponse((r) => r.kind === 'editOriginal');
    const session = await h.fake.waitUntil(async () => {
      const s = await h.services.engine.findOpen(inChannel(channel));
      return threadOf(s) ? s : undefined;
    }, 5000, 'an open session with its thread');
    const threadId = threadOf(session) ?? '';
    await waitForEmbed(threadId, (t) => t.startsWith('Question 1/1'), 'question 1');
    const first = (await h.services.engine.current(session.id)).question;

    // A short answer: it misses most of the question's concepts.
    h.fake.sendMessage({ channelId: threadId, author: alice, content: 'I would add a cache in front of the database.' });
    await waitForEmbed(threadId, (t) => t.startsWith('Question 1/1 —'), 'feedback 1');

    // The follow-up is asked next, like a question, naming the question it follows.
    const followUpCard = await waitForEmbed(threadId, (t) => t.startsWith('Question 2/2 ·'), 'the follow-up question');
    expect(embedOf(followUpCard).description).toContain(`Follow-up to “${first.text.slice(0, 40)}`);
    const followUp = (await h.services.engine.current(session.id)).question;
    expect(followUp.followUpOf).toBe(first.id);
    const [firstRecord] = await h.services.repos.answers.forSession(session.id);
    const missed = firstRecord?.evaluation?.keywordsMissed ?? [];
    // A backend question is not behavioural: the follow-up asks about what was missed, and is scored on that alone.
    expect(missed.length).toBeGreaterThan(0);
    expect(followUp.keywords.map((k) => k.term)).toEqual(missed.slice(0, 2));
    expect(followUp.text).toContain(`You didn't mention ${missed[0]}`);

    const covering = followUp.keywords.map((k) => k.term).join(' and ');
    h.fake.sendMessage({ channelId: threadId, author: alice, content: `I would use ${covering} because it avoids repeated reads; for example we used it to cut latency by 40%.` });
    const fb2 = await waitForEmbed(threadId, (t) => t.startsWith('Question 2/2 —'), 'feedback on the follow-up');
    expect(field(embedOf(fb2), 'Keywords')).toContain(`✓ ${followUp.keywords.map((k) => k.term).join(', ')}`);

    // One follow-up per question: the round ends after it.
    await waitForEmbed(threadId, (_t, m) => JSON.stringify(m.embeds).includes('/drill'), 'summary');
    expect((await h.services.engine.get(session.id)).status).toBe('ended');
    const stored = await h.services.repos.answers.forSession(session.id);
    expect(stored.map((r) => r.answer.status)).toEqual(['scored', 'scored']);
    expect((await h.services.repos.sessions.questions(session.id)).map((q) => q.followUpOf)).toEqual([null, first.id]);
  });
});
