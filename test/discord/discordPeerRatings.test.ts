// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionHandle, StoredMessage } from '../fakes/discord/index.js';
import { embedOf, startDiscordHarness, type DiscordHarness } from '../helpers/discordBotHarness.js';
import { shownText, startRound, waitForText, waitForTitle } from '../reliability/discordDriver.js';
import { rateButtonId, tagsMenuId } from '../../src/commands/peerRatings.js';

let h: DiscordHarness;

beforeAll(async () => {
  h = await startDiscordHarness({ LOBBY_SECONDS: '600' });
});
afterAll(async () => {
  await h?.stop();
});

/** The ephemeral reply the bot gave the person who pressed a rating control. */
async function privateReply(handle: InteractionHandle): Promise<string> {
  const response = await handle.waitForResponse((r) => r.ephemeral);
  return JSON.stringify(response.data);
}

function componentIds(message: StoredMessage): string[] {
  return JSON.stringify(message.components).match(/"custom_id":"[^"]+"/g)?.map((s) => s.slice(13, -1)) ?? [];
}

describe('peer ratings on Discord', () => {
  it('two participants: bob rates alice’s answer (stars + tags), alice cannot rate her own, the summary shows both scores', async () => {
    const [alice, bob] = h.fake.testUsers;
    if (!alice || !bob) throw new Error('two test users');
    const round = await startRound(h, { questions: 1, joiners: [bob] });
    h.fake.sendMessage({ channelId: round.threadId, author: alice, content: 'I would add an index on the user id and cache hot rows in Redis, invalidating on write.' });
    const feedback = await waitForTitle(h, round.threadId, 'Question 1/1 —');
    const [answer] = await h.services.repos.answers.forSession(round.sessionId);
    if (!answer) throw new Error('no stored answer');
    const id = answer.answer.id;
    // The card carries five star buttons and the tags menu, and says who they are for.
    expect(componentIds(feedback)).toEqual([1, 2, 3, 4, 5].map((n) => rateButtonId(id, n)).concat(tagsMenuId(id)));
    expect(embedOf(feedback).footer).toContain('Others in the round: rate this answer');

    expect(await privateReply(h.fake.clickButton({ customId: rateButtonId(id, 4), messageId: feedback.id, user: bob }))).toContain('You rated this answer 4/5');
    expect(await privateReply(h.fake.selectMenu({ customId: tagsMenuId(id), messageId: feedback.id, user: bob, values: ['clear', 'specific'] }))).toContain('tagged clear, specific');
    const own = await privateReply(h.fake.clickButton({ customId: rateButtonId(id, 5), messageId: feedback.id, user: alice }));
    expect(own).toContain("You can't rate your own answer");
    const outsider = h.fake.createUser('outsider');
    expect(await privateReply(h.fake.clickButton({ customId: rateButtonId(id, 1), messageId: feedback.id, user: outsider }))).toContain("You're not in this round");

    const ratings = await h.services.repos.peerRatings.averages([id]);
    expect(ratings.get(id)).toEqual({ average: 4, raters: 1 });

    // Bob answers too, which completes the question and ends the round.
    h.fake.sendMessage({ channelId: round.threadId, author: bob, content: 'An index on user id, plus a read-through cache with a short TTL.' });
    const summary = await waitForText(h, round.threadId, 'Scorer vs peers');
    const text = shownText(summary);
    expect(text).toMatch(new RegExp(`Q1 <@${alice.id}> — scorer \\d+\\.\\d/10 · peers 4\\.0★ \\(1 rater\\)`));
    expect(text).toMatch(new RegExp(`Q1 <@${bob.id}> — scorer \\d+\\.\\d/10 · no peer ratings yet`));
  });

  it('a solo round’s feedback card has no rating controls', async () => {
    const alice = h.fake.testUsers[0];
    if (!alice) throw new Error('a test user');
    const round = await startRound(h, { questions: 1 });
    h.fake.sendMessage({ channelId: round.threadId, author: alice, content: 'I would add an index on the user id.' });
    const feedback = await waitForTitle(h, round.threadId, 'Question 1/1 —');
    expect(componentIds(feedback).filter((id) => id.startsWith('icr:'))).toEqual([]);
    expect(embedOf(feedback).footer).not.toContain('rate this answer');
  });
});
