import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOW_TO_ANSWER } from '../../src/bot/slack/slackCards.js';
import { apiError, threadReply, type StoredMessage } from '../fakes/slack/index.js';
import { actionIdsOf, CHANNEL, GUEST, headerOf, HOST, messageText, newestRoot, startHarness, type SlackHarness } from './slackHarness.js';

const TEXT_ANSWER =
  'Um, so I would put a cache in front of the database, like Redis, keyed by user id, and invalidate it on writes. ' +
  'Basically the trade-off is consistency against latency, and I would measure the hit rate.';

describe('Slack rounds through the real Bolt app and the fake Slack', () => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.stop();
  });

  const thread = (root: StoredMessage | undefined): StoredMessage[] => h.fake.threadMessages(CHANNEL, root?.ts ?? '');
  const questions = (root: StoredMessage | undefined) => thread(root).filter((m) => /^Question \d+\/\d+ · /.test(headerOf(m) ?? ''));
  const waitForThread = (root: StoredMessage | undefined, probe: (messages: StoredMessage[]) => boolean, timeoutMs = 5000) =>
    h.fake.waitUntil(() => probe(thread(root)), timeoutMs);

  it('rejects a bad signature and a stale timestamp before anything runs', async () => {
    const params = { command: '/mock-interview', text: 'backend 3', user_id: HOST, channel_id: CHANNEL };
    expect((await h.fake.sendSlashCommand(params, { badSignature: true })).status).toBe(401);
    expect((await h.fake.sendSlashCommand(params, { staleTimestamp: true })).status).toBe(401);
    const event = threadReply({ user: HOST, channel: CHANNEL, thread_ts: '1700000000.000100', text: 'x' });
    expect((await h.fake.sendEvent(event, { badSignature: true })).status).toBe(401);
    // Bolt's own auth.test at start-up is the only call; no handler ran.
    expect(h.fake.calls().filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(h.services.engine.openSessions()).toEqual([]);
  });

  it('answers a slash command with a usage line, only to the caller, when the role is missing or unknown', async () => {
    const result = await h.fake.sendSlashCommand({ command: '/mock-interview', text: 'astronaut', user_id: HOST, channel_id: CHANNEL });
    expect(result.status).toBe(200);
    const reply = await h.fake.waitForCall('response_url', (c) => c.args.response_url === result.response_url);
    expect(reply.args.response_type).toBe('ephemeral');
    expect(String(reply.args.text)).toContain('Unknown role "astronaut"');
    expect(h.fake.channelMessages(CHANNEL)).toEqual([]);
  });

  it('says so when the bot is not in the channel, and leaves no open round behind', async () => {
    h.fake.failNext('chat.postMessage', apiError('not_in_channel'));
    const result = await h.fake.sendSlashCommand({ command: '/mock-interview', text: 'backend 2', user_id: HOST, channel_id: CHANNEL });
    const reply = await h.fake.waitForCall('response_url', (c) => c.args.response_url === result.response_url);
    expect(String(reply.args.text)).toMatch(/I'm not in this channel\. Invite me with `\/invite @Interview Coach`/);
    expect(h.services.engine.openSessions()).toEqual([]);
  });

  let root: StoredMessage | undefined;

  it('/mock-interview → a thread: root card, the how-to-answer note, then question 1 with Repeat / Skip / End', async () => {
    const result = await h.fake.sendSlashCommand({ command: '/mock-interview', text: 'backend 3', user_id: HOST, user_name: 'alice', channel_id: CHANNEL });
    expect(result.status).toBe(200);
    expect(result.body).toBe('');
    root = await h.fake.waitUntil(() => {
      const candidate = newestRoot(h.fake);
      return candidate && questions(candidate).length === 1 ? candidate : undefined;
    }, 5000);
    expect(headerOf(root)).toMatch(/^🎤 Mock interview — Backend · mid · 3 questions/);
    expect(messageText(root)).toContain(`<@${HOST}>`);
    const [, note, question] = thread(root);
    expect(note?.text).toBe(HOW_TO_ANSWER);
    expect(headerOf(question)).toMatch(/^Question 1\/3 · /);
    const session = h.services.engine.openSessions()[0];
    expect(actionIdsOf(question)).toEqual([`ic:repeat:${session?.id}`, `ic:skip:${session?.id}`, `ic:end:${session?.id}`]);
    expect(session).toMatchObject({ kind: 'interview', channelId: CHANNEL, threadId: `${CHANNEL}/${root?.ts}`, questionCount: 3 });
  });

  it('a second /mock-interview in the same channel is refused while one runs', async () => {
    const result = await h.fake.sendSlashCommand({ command: '/mock-interview', text: 'frontend', user_id: GUEST, channel_id: CHANNEL });
    const reply = await h.fake.waitForCall('response_url', (c) => c.args.response_url === result.response_url);
    expect(String(reply.args.text)).toMatch(/A round is already running here \(started by alice\)/);
  });

  it('a text answer in the thread → one status message edited in place into feedback, then question 2', async () => {
    await h.fake.sendEvent(threadReply({ user: HOST, channel: CHANNEL, thread_ts: root?.ts ?? '', text: TEXT_ANSWER }));
    await waitForThread(root, () => questions(root).length === 2);
    const feedback = thread(root).find((m) => /^Question 1\/3 — [\d.]+\/10/.test(headerOf(m) ?? ''));
    expect(feedback).toBeDefined();
    // received → scoring → feedback: the same message, edited.
    expect(feedback?.edits).toBeGreaterThanOrEqual(2);
    const text = messageText(feedback);
    expect(text).toContain(`<@${HOST}>`);
    expect(text).toMatch(/fillers \d+ \([^)]*um ×1/);
    expect(text).toMatch(/\*(Transcript|Your answer)\*\n“/); // field names in bold, value on the next line
    expect(text).toMatch(/“\*Um\*, so I would/); // fillers bold in the transcript
    expect(text).toMatch(/\n> /); // the ideal answer as a quote, Slack's stand-in for a spoiler
    // Question 1's buttons are gone now that question 2 carries the live ones.
    await h.fake.waitUntil(() => actionIdsOf(questions(root)[0]).length === 0);
    expect(actionIdsOf(questions(root)[1])).toHaveLength(3);
    const stored = h.services.repos.answers.forSession(h.services.engine.openSessions()[0]?.id ?? '');
    expect(stored.map((r) => [r.answer.inputKind, r.answer.transcriber])).toEqual([['text', 'typed']]);
  });

  it('Skip → question 3; a click on the older question is refused; End by a non-host is refused', async () => {
    const sessionId = h.services.engine.openSessions()[0]?.id ?? '';
    const q2 = questions(root)[1];
    await h.fake.sendBlockAction({ action_id: `ic:skip:${sessionId}`, user: HOST, channel: CHANNEL, message_ts: q2?.ts ?? '' });
    await waitForThread(root, () => questions(root).length === 3);
    expect(headerOf(questions(root)[2])).toMatch(/^Question 3\/3/);

    await h.fake.sendBlockAction({ action_id: `ic:skip:${sessionId}`, user: HOST, channel: CHANNEL, message_ts: q2?.ts ?? '', allowMissingElement: true });
    const stale = await h.fake.waitUntil(() => h.fake.ephemeralMessages(CHANNEL).find((m) => m.text.includes('already behind us')));
    expect(stale).toMatchObject({ user: HOST, thread_ts: root?.ts });

    const q3 = questions(root)[2];
    await h.fake.sendBlockAction({ action_id: `ic:end:${sessionId}`, user: GUEST, channel: CHANNEL, message_ts: q3?.ts ?? '' });
    const refused = await h.fake.waitUntil(() => h.fake.ephemeralMessages(CHANNEL).find((m) => m.user === GUEST));
    expect(refused.text).toMatch(/not in this round/);
    expect(h.services.engine.get(sessionId).status).toBe('active');
    expect(questions(root)).toHaveLength(3);
  });

  it('End by the host → the round summary in the thread, last buttons retired, session ended', async () => {
    const sessionId = h.services.engine.openSessions()[0]?.id ?? '';
    const q3 = questions(root)[2];
    await h.fake.sendBlockAction({ action_id: `ic:end:${sessionId}`, user: HOST, channel: CHANNEL, message_ts: q3?.ts ?? '' });
    const summary = await h.fake.waitUntil(() => thread(root).find((m) => (headerOf(m) ?? '').startsWith('🏁 Round complete')), 5000);
    expect(messageText(summary)).toContain(`<@${HOST}>`);
    expect(messageText(summary)).toContain('`/drill backend`');
    await h.fake.waitUntil(() => actionIdsOf(questions(root)[2]).length === 0);
    expect(h.services.engine.get(sessionId).status).toBe('ended');
    expect(thread(root).every((m) => actionIdsOf(m).length === 0)).toBe(true);
  });

  it('a reply in an ended round is not an answer: only the person is told the round has ended', async () => {
    const before = h.fake.calls('chat.postMessage').length;
    await h.fake.sendEvent(threadReply({ user: HOST, channel: CHANNEL, thread_ts: root?.ts ?? '', text: 'one more thing' }));
    const hint = await h.fake.waitUntil(() => h.fake.ephemeralMessages(CHANNEL).find((m) => m.user === HOST && m.text.startsWith('This round has ended')));
    expect(hint.thread_ts).toBe(root?.ts);
    expect(h.fake.calls('chat.postMessage')).toHaveLength(before);
  });

  it('/drill → a one-question thread; someone else cannot answer it; the owner gets feedback and a send-off', async () => {
    await h.fake.sendSlashCommand({ command: '/drill', text: 'frontend senior', user_id: GUEST, user_name: 'bob', channel_id: CHANNEL });
    const drillRoot = await h.fake.waitUntil(() => {
      const candidate = newestRoot(h.fake);
      return candidate && (headerOf(candidate) ?? '').startsWith('🎯 Drill') && questions(candidate).length === 1 ? candidate : undefined;
    });
    expect(headerOf(drillRoot)).toBe('🎯 Drill — Frontend · senior');
    expect(headerOf(questions(drillRoot)[0])).toMatch(/^Question 1\/1/);

    await h.fake.sendEvent(threadReply({ user: HOST, channel: CHANNEL, thread_ts: drillRoot.ts, text: 'Let me answer yours' }));
    const refused = await h.fake.waitUntil(() => h.fake.ephemeralMessages(CHANNEL).find((m) => m.user === HOST && m.text.includes('This drill is')));
    expect(refused.thread_ts).toBe(drillRoot.ts);
    expect(refused.text).toContain(`This drill is <@${GUEST}>'s — start your own with \`/drill frontend\`.`);

    await h.fake.sendEvent(threadReply({ user: GUEST, channel: CHANNEL, thread_ts: drillRoot.ts, text: TEXT_ANSWER }));
    const done = await h.fake.waitUntil(() => h.fake.threadMessages(CHANNEL, drillRoot.ts).find((m) => headerOf(m) === '🎯 Drill done'), 5000);
    expect(messageText(done)).toContain('`/drill frontend`');
    expect(h.fake.threadMessages(CHANNEL, drillRoot.ts).some((m) => /^Question 1\/1 — /.test(headerOf(m) ?? ''))).toBe(true);
  });

  it('/progress → card and chart PNG in the caller\'s DM only, with a pointer where they asked', async () => {
    const result = await h.fake.sendSlashCommand({ command: '/progress', text: '', user_id: HOST, channel_id: CHANNEL });
    const pointer = await h.fake.waitForCall('response_url', (c) => c.args.response_url === result.response_url, 5000);
    expect(pointer.args).toMatchObject({ response_type: 'ephemeral' });
    expect(String(pointer.args.text)).toContain('in your DM with me');
    const upload = h.fake.uploads().at(-1);
    expect(upload).toMatchObject({ filename: 'progress.png', completed: true });
    expect(upload?.channel_id).toMatch(/^D/);
    expect(upload?.bytes?.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(upload?.alt_text).toMatch(/^Progress charts/);
    const dm = h.fake.channelMessages(upload?.channel_id ?? '');
    expect(headerOf(dm[0])).toMatch(/^📈 Your progress/);
    expect(h.fake.channelMessages(CHANNEL).some((m) => (headerOf(m) ?? '').startsWith('📈'))).toBe(false);
  });

  it('/progress public → the card and chart in the channel; no history → a short private note', async () => {
    await h.fake.sendSlashCommand({ command: '/progress', text: 'public', user_id: HOST, channel_id: CHANNEL });
    const shared = await h.fake.waitUntil(() => h.fake.channelMessages(CHANNEL).find((m) => (headerOf(m) ?? '').startsWith('📈')), 5000);
    expect(shared.files?.[0]?.name).toBe('progress.png');

    const result = await h.fake.sendSlashCommand({ command: '/progress', text: '', user_id: 'U0NEWBIE', channel_id: CHANNEL });
    const note = await h.fake.waitForCall('response_url', (c) => c.args.response_url === result.response_url);
    expect(note.args.response_type).toBe('ephemeral');
    expect(messageText({ text: String(note.args.text), blocks: Array.isArray(note.args.blocks) ? note.args.blocks : [] })).toContain('No practice yet');
  });
});
