// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadReply, type StoredMessage } from '../fakes/slack/index.js';
import { headerOf, HOST, messageText, newestRoot, startHarness, type SlackHarness } from './slackHarness.js';
import { drillFor } from '../helpers/locations.js';

describe('follow-up questions on Slack', () => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('`/drill backend follow_ups`: the answer gets one follow-up in the thread, answered and scored like a question', async () => {
    const channel = 'C0FOLLOWUP1';
    h.fake.addChannel({ id: channel, name: 'follow-ups' });
    const result = await h.fake.sendSlashCommand({ command: '/drill', text: 'backend follow_ups', user_id: HOST, user_name: 'alice', channel_id: channel });
    expect(result.status).toBe(200);
    const isQuestion = (m: StoredMessage) => /^Question \d+\/\d+ · /.test(headerOf(m) ?? '');
    const root = await h.fake.waitUntil(() => {
      const candidate = newestRoot(h.fake, channel);
      return candidate && h.fake.threadMessages(channel, candidate.ts).some(isQuestion) ? candidate : undefined;
    }, 5000);
    const thread = () => h.fake.threadMessages(channel, root.ts);
    const session = await h.services.engine.findOpen(drillFor('slack', HOST));
    if (!session) throw new Error('no open drill');
    expect(session.followUps).toBe(true);
    const first = (await h.services.engine.current(session.id)).question;

    await h.fake.sendEvent(threadReply({ user: HOST, channel, thread_ts: root.ts, text: 'I would add a cache in front of the database.' }));
    const followUpCard = await h.fake.waitUntil(() => thread().filter(isQuestion)[1], 5000);
    expect(headerOf(followUpCard)).toMatch(/^Question 2\/2 · /);
    expect(messageText(followUpCard)).toContain('Follow-up to “');
    const followUp = (await h.services.engine.current(session.id)).question;
    expect(followUp.followUpOf).toBe(first.id);
    const [firstRecord] = await h.services.repos.answers.forSession(session.id);
    expect(followUp.keywords.map((k) => k.term)).toEqual((firstRecord?.evaluation?.keywordsMissed ?? []).slice(0, 2));

    const terms = followUp.keywords.map((k) => k.term);
    await h.fake.sendEvent(threadReply({ user: HOST, channel, thread_ts: root.ts, text: `I would use ${terms.join(' and ')} because it avoids repeated reads, for example in our checkout service.` }));
    await h.fake.waitUntil(async () => (await h.services.engine.get(session.id)).status === 'ended', 5000);
    const stored = await h.services.repos.answers.forSession(session.id);
    expect(stored.map((r) => r.answer.status)).toEqual(['scored', 'scored']);
    expect(stored[1]?.evaluation?.keywordsCovered).toEqual(terms);
  });
});
