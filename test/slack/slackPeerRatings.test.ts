// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadReply, type StoredMessage } from '../fakes/slack/index.js';
import { actionIdsOf, GUEST, headerOf, HOST, messageText, newestRoot, startHarness, type SlackHarness } from './slackHarness.js';
import { rateButtonId, tagsMenuId } from '../../src/commands/peerRatings.js';
import { channelOf } from '../helpers/locations.js';

const CHANNEL = 'C0PEERS';

let h: SlackHarness;

beforeAll(async () => {
  h = await startHarness();
  h.fake.addChannel({ id: CHANNEL, name: 'peers' });
});
afterAll(async () => {
  await h?.stop();
});

function ephemeralTo(user: string, text: string): Promise<{ text: string }> {
  return h.fake.waitUntil(() => h.fake.ephemeralMessages(CHANNEL).find((m) => m.user === user && messageText(m).includes(text)), 5000);
}

describe('peer ratings on Slack', () => {
  it('two participants: alice rates bob’s answer in the thread (stars + tags), bob cannot rate his own, the summary shows both scores', async () => {
    await h.fake.sendSlashCommand({ command: '/mock-interview', text: 'backend 1', user_id: HOST, user_name: 'alice', channel_id: CHANNEL });
    const root = await h.fake.waitUntil(() => {
      const candidate = newestRoot(h.fake, CHANNEL);
      return candidate && h.fake.threadMessages(CHANNEL, candidate.ts).some((m) => /^Question 1\/1 · /.test(headerOf(m) ?? '')) ? candidate : undefined;
    }, 5000);
    const session = (await h.services.engine.openSessions()).find((s) => channelOf(s) === CHANNEL);
    if (!session) throw new Error('no open round');

    // Bob joins by answering; his feedback reply carries the rating controls for the others.
    await h.fake.sendEvent(threadReply({ user: GUEST, channel: CHANNEL, thread_ts: root.ts, text: 'I would shard by user id and cache the hot rows, invalidating on write.' }));
    const feedback: StoredMessage = await h.fake.waitUntil(() => h.fake.threadMessages(CHANNEL, root.ts).find((m) => /^Question 1\/1 — /.test(headerOf(m) ?? '')), 5000);
    const [answer] = await h.services.repos.answers.forSession(session.id);
    if (!answer) throw new Error('no stored answer');
    const id = answer.answer.id;
    expect(actionIdsOf(feedback)).toEqual([1, 2, 3, 4, 5].map((n) => rateButtonId(id, n)).concat(tagsMenuId(id)));

    await h.fake.sendBlockAction({ action_id: rateButtonId(id, 2), user: HOST, channel: CHANNEL, message_ts: feedback.ts });
    await ephemeralTo(HOST, 'You rated this answer 2/5');
    await h.fake.sendBlockAction({ action_id: tagsMenuId(id), user: HOST, channel: CHANNEL, message_ts: feedback.ts, selected: ['concise'] });
    await ephemeralTo(HOST, 'tagged concise');
    await h.fake.sendBlockAction({ action_id: rateButtonId(id, 5), user: GUEST, channel: CHANNEL, message_ts: feedback.ts });
    await ephemeralTo(GUEST, "You can't rate your own answer");
    expect((await h.services.repos.peerRatings.averages([id])).get(id)).toEqual({ average: 2, raters: 1 });

    // Alice answers: the question is complete and the round ends with its summary.
    await h.fake.sendEvent(threadReply({ user: HOST, channel: CHANNEL, thread_ts: root.ts, text: 'An index on user id and a read-through cache with a short TTL.' }));
    const summary = await h.fake.waitUntil(() => h.fake.threadMessages(CHANNEL, root.ts).find((m) => messageText(m).includes('Scorer vs peers')), 10_000);
    const text = messageText(summary);
    expect(text).toMatch(new RegExp(`Q1 <@${GUEST}> — scorer \\d+\\.\\d/10 · peers 2\\.0★ \\(1 rater\\)`));
    expect(text).toMatch(new RegExp(`Q1 <@${HOST}> — scorer \\d+\\.\\d/10 · no peer ratings yet`));
  });
});
