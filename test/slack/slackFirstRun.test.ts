// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadReply, type StoredMessage } from '../fakes/slack/index.js';
import { CHANNEL, GUEST, headerOf, HOST, messageText, newestRoot, startHarness, type SlackHarness } from './slackHarness.js';

/** The first-run complaints about Slack rounds (issue 14), each against the real Bolt app and the fake Slack. */
describe('Slack round wording a first user sees', () => {
  let h: SlackHarness;
  let root: StoredMessage | undefined;
  let sessionId = '';

  beforeAll(async () => {
    h = await startHarness();
    await h.fake.sendSlashCommand({ command: '/mock-interview', text: 'backend 3', user_id: HOST, user_name: 'alice', channel_id: CHANNEL });
    root = await h.fake.waitUntil(() => {
      const candidate = newestRoot(h.fake);
      return candidate && questions(candidate).length === 1 ? candidate : undefined;
    }, 10_000);
    sessionId = (await h.services.engine.openSessions())[0]?.id ?? '';
  }, 30_000);

  afterAll(async () => {
    await h?.stop();
  });

  const thread = (): StoredMessage[] => h.fake.threadMessages(CHANNEL, root?.ts ?? '');
  function questions(of: StoredMessage | undefined): StoredMessage[] {
    return h.fake.threadMessages(CHANNEL, of?.ts ?? '').filter((m) => /^Question \d+\/\d+ · /.test(headerOf(m) ?? ''));
  }
  /** Every block the bot sent, posted or edited in. */
  const sentBlocks = (): unknown[] =>
    [...h.fake.calls('chat.postMessage'), ...h.fake.calls('chat.update'), ...h.fake.calls('chat.postEphemeral')].flatMap((c) =>
      Array.isArray(c.args.blocks) ? (c.args.blocks as unknown[]) : [],
    );
  const isHeader = (b: unknown): b is { type: 'header'; text: { text: string } } =>
    typeof b === 'object' && b !== null && 'type' in b && b.type === 'header';

  it('the root says the round takes text or audio clips, and question cards say "audio clip", not "voice message"', async () => {
    expect(headerOf(root)).toBe('🎤 Mock interview — Backend · mid · 3 questions · text or audio clips');
    const question = questions(root)[0];
    expect(messageText(question)).toContain('Reply in this thread with text or an audio clip.');
    expect(thread().some((m) => messageText(m).includes('voice message'))).toBe(false);
  });

  it('a quoted <@U…>, <!channel> or <!here> in an answer cannot ping; status titles name the person as a rendered mention', async () => {
    const answer = `I would ask <@${GUEST}> to review it and tell <!channel> and <!here> once the cache is in place.`;
    await h.fake.sendEvent(threadReply({ user: HOST, channel: CHANNEL, thread_ts: root?.ts ?? '', text: answer }));
    const feedback = await h.fake.waitUntil(() => thread().find((m) => /^Question 1\/3 — /.test(headerOf(m) ?? '')), 10_000);
    const text = messageText(feedback);
    expect(text).toContain(`&lt;@${GUEST}&gt; to review it and tell &lt;!channel&gt; and &lt;!here&gt;`);
    expect(text).not.toContain(`<@${GUEST}>`);
    expect(text).not.toMatch(/<!(channel|here)>/);
    // No header ever carried a raw mention; the "⏳ Got it, @alice" status was a mrkdwn section that renders it.
    expect(sentBlocks().filter(isHeader).filter((b) => b.text.text.includes('<@'))).toEqual([]);
    const status = sentBlocks().find(
      (b) => typeof b === 'object' && b !== null && 'text' in b && JSON.stringify(b).includes(`⏳ Got it, <@${HOST}>`),
    );
    expect(status).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
  }, 20_000);

  it('ended early by one person: the summary says how many questions were asked and does not speak of a group', async () => {
    await h.fake.waitUntil(() => questions(root).length === 2, 10_000);
    await h.fake.sendBlockAction({ action_id: `ic:end:${sessionId}`, user: HOST, channel: CHANNEL, message_ts: questions(root)[1]?.ts ?? '' });
    const summary = await h.fake.waitUntil(() => thread().find((m) => (headerOf(m) ?? '').startsWith('🏁')), 10_000);
    expect(headerOf(summary)).toBe('🏁 Round complete — Backend · mid · 2 of 3 questions');
    const text = messageText(summary);
    expect(text).toContain('Most common filler');
    expect(text).not.toContain("Group's");
  }, 20_000);

  it('a reply after the end is told the round is over (only to that person) instead of silence', async () => {
    const posts = h.fake.calls('chat.postMessage').length;
    await h.fake.sendEvent(threadReply({ user: GUEST, channel: CHANNEL, thread_ts: root?.ts ?? '', text: 'wait, one more answer' }));
    const hint = await h.fake.waitUntil(() => h.fake.ephemeralMessages(CHANNEL).find((m) => m.user === GUEST && m.text.includes('ended')), 5000);
    expect(hint.text).toBe('This round has ended — start a new one with `/mock-interview`.');
    expect(hint.thread_ts).toBe(root?.ts);
    expect(h.fake.calls('chat.postMessage')).toHaveLength(posts);
  });
});
