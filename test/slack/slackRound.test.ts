// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOW_TO_ANSWER } from '../../src/bot/slack/slackCards.js';
import { apiError, threadReply, type StoredMessage } from '../fakes/slack/index.js';
import { actionIdsOf, GUEST, headerOf, HOST, messageText, newestRoot, startHarness, type SlackHarness } from './slackHarness.js';
import type { SessionId } from '../../src/ids.js';
import { channelOf } from '../helpers/locations.js';

const TEXT_ANSWER =
  'Um, so I would put a cache in front of the database, like Redis, keyed by user id, and invalidate it on writes. ' +
  'Basically the trade-off is consistency against latency, and I would measure the hit rate.';

describe('Slack rounds through the real Bolt app and the fake Slack', async () => {
  let h: SlackHarness;
  let channels = 0;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.stop();
  });

  /** Every test works in a channel of its own, so it runs alone or in any order. */
  const newChannel = (): string => {
    const channel = `C0ROUND${++channels}`;
    h.fake.addChannel({ id: channel, name: `round-${channels}` });
    return channel;
  };

  interface Round {
    channel: string;
    root: StoredMessage;
    sessionId: SessionId;
  }

  const thread = (round: Pick<Round, 'channel' | 'root'>): StoredMessage[] => h.fake.threadMessages(round.channel, round.root.ts);
  const questions = (round: Pick<Round, 'channel' | 'root'>) => thread(round).filter((m) => /^Question \d+\/\d+ · /.test(headerOf(m) ?? ''));
  const waitForThread = (round: Round, probe: (messages: StoredMessage[]) => boolean, timeoutMs = 5000) => h.fake.waitUntil(() => probe(thread(round)), timeoutMs);
  const openIn = async (channel: string) => (await h.services.engine.openSessions()).filter((s) => channelOf(s) === channel);

  /** `/mock-interview backend 3` by the host, once question 1 is in the thread. */
  async function startRound(channel = newChannel()): Promise<Round> {
    const result = await h.fake.sendSlashCommand({ command: '/mock-interview', text: 'backend 3', user_id: HOST, user_name: 'alice', channel_id: channel });
    expect(result.status).toBe(200);
    expect(result.body).toBe('');
    const root = await h.fake.waitUntil(() => {
      const candidate = newestRoot(h.fake, channel);
      return candidate && questions({ channel, root: candidate }).length === 1 ? candidate : undefined;
    }, 5000);
    const sessionId = (await openIn(channel))[0]?.id;
    if (!sessionId) throw new Error('no open round');
    return { channel, root, sessionId };
  }

  async function click(round: Round, action: 'skip' | 'end', user: string, question: StoredMessage | undefined, extra: { allowMissingElement?: boolean } = {}) {
    await h.fake.sendBlockAction({ action_id: `ic:${action}:${round.sessionId}`, user, channel: round.channel, message_ts: question?.ts ?? '', ...extra });
  }

  /** A drill answered in its thread: practice history for `/progress`. */
  async function practised(user: string, channel = newChannel()): Promise<void> {
    h.fake.addUser({ id: user, name: user.toLowerCase() });
    await h.fake.sendSlashCommand({ command: '/drill', text: 'backend', user_id: user, channel_id: channel });
    const drillRoot = await h.fake.waitUntil(() => {
      const candidate = newestRoot(h.fake, channel);
      return candidate && questions({ channel, root: candidate }).length === 1 ? candidate : undefined;
    });
    await h.fake.sendEvent(threadReply({ user, channel, thread_ts: drillRoot.ts, text: TEXT_ANSWER }));
    await h.fake.waitUntil(() => h.fake.threadMessages(channel, drillRoot.ts).some((m) => headerOf(m) === '🎯 Drill done'), 5000);
  }

  it('rejects a bad signature and a stale timestamp before anything runs', async () => {
    const channel = newChannel();
    const params = { command: '/mock-interview', text: 'backend 3', user_id: HOST, channel_id: channel };
    const bad = await h.fake.sendSlashCommand(params, { badSignature: true });
    const stale = await h.fake.sendSlashCommand(params, { staleTimestamp: true });
    expect([bad.status, stale.status]).toEqual([401, 401]);
    const event = threadReply({ user: HOST, channel, thread_ts: '1700000000.000100', text: 'x' });
    expect((await h.fake.sendEvent(event, { badSignature: true })).status).toBe(401);
    // No handler ran: no Web API call or response_url reply concerns these requests (other tests' rounds may still
    // be tidying their own channels), and no round opened.
    const ours = (c: { args: Record<string, unknown> }) => c.args.channel === channel || c.args.response_url === bad.response_url || c.args.response_url === stale.response_url;
    expect(h.fake.calls().filter(ours)).toEqual([]);
    expect(await openIn(channel)).toEqual([]);
  });

  it('answers a slash command with a usage line, only to the caller, when the role is missing or unknown', async () => {
    const channel = newChannel();
    const result = await h.fake.sendSlashCommand({ command: '/mock-interview', text: 'astronaut', user_id: HOST, channel_id: channel });
    expect(result.status).toBe(200);
    const reply = await h.fake.waitForCall('response_url', (c) => c.args.response_url === result.response_url);
    expect(reply.args.response_type).toBe('ephemeral');
    expect(String(reply.args.text)).toContain('Unknown role "astronaut"');
    expect(h.fake.channelMessages(channel)).toEqual([]);
  });

  it('says so when the bot is not in the channel, and leaves no open round behind', async () => {
    const channel = newChannel();
    h.fake.failNext('chat.postMessage', apiError('not_in_channel'));
    const result = await h.fake.sendSlashCommand({ command: '/mock-interview', text: 'backend 2', user_id: HOST, channel_id: channel });
    const reply = await h.fake.waitForCall('response_url', (c) => c.args.response_url === result.response_url);
    expect(String(reply.args.text)).toMatch(/I'm not in this channel\. Invite me with `\/invite @Interview Coach`/);
    expect(await openIn(channel)).toEqual([]);
  });

  it('/mock-interview → a thread: root card, the how-to-answer note, then question 1 with Repeat / Skip / End', async () => {
    const round = await startRound();
    expect(headerOf(round.root)).toMatch(/^🎤 Mock interview — Backend · mid · 3 questions/);
    expect(messageText(round.root)).toContain(`<@${HOST}>`);
    const [, note, question] = thread(round);
    expect(note?.text).toBe(HOW_TO_ANSWER);
    expect(headerOf(question)).toMatch(/^Question 1\/3 · /);
    expect(actionIdsOf(question)).toEqual([`ic:repeat:${round.sessionId}`, `ic:skip:${round.sessionId}`, `ic:end:${round.sessionId}`]);
    expect(await h.services.engine.get(round.sessionId)).toMatchObject({ kind: 'interview', location: { surface: 'slack', channel: round.channel, threadTs: round.root.ts }, questionCount: 3 });
  });

  it('a second /mock-interview in the same channel is refused while one runs', async () => {
    const round = await startRound();
    const result = await h.fake.sendSlashCommand({ command: '/mock-interview', text: 'frontend', user_id: GUEST, channel_id: round.channel });
    const reply = await h.fake.waitForCall('response_url', (c) => c.args.response_url === result.response_url);
    expect(String(reply.args.text)).toMatch(/A round is already running here \(started by alice\)/);
  });

  it('a text answer in the thread → one status message edited in place into feedback, then question 2', async () => {
    const round = await startRound();
    await h.fake.sendEvent(threadReply({ user: HOST, channel: round.channel, thread_ts: round.root.ts, text: TEXT_ANSWER }));
    await waitForThread(round, () => questions(round).length === 2);
    const feedback = thread(round).find((m) => /^Question 1\/3 — [\d.]+\/10/.test(headerOf(m) ?? ''));
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
    await h.fake.waitUntil(() => actionIdsOf(questions(round)[0]).length === 0);
    expect(actionIdsOf(questions(round)[1])).toHaveLength(3);
    const stored = await h.services.repos.answers.forSession(round.sessionId);
    expect(stored.map((r) => [r.answer.inputKind, r.answer.transcriber])).toEqual([['text', 'typed']]);
  });

  it('Skip → the next question; a click on the older question is refused; End by someone outside the round is refused', async () => {
    const round = await startRound();
    await click(round, 'skip', HOST, questions(round)[0]);
    await waitForThread(round, () => questions(round).length === 2);
    const q2 = questions(round)[1];
    await click(round, 'skip', HOST, q2);
    await waitForThread(round, () => questions(round).length === 3);
    expect(headerOf(questions(round)[2])).toMatch(/^Question 3\/3/);

    await click(round, 'skip', HOST, q2, { allowMissingElement: true });
    const stale = await h.fake.waitUntil(() => h.fake.ephemeralMessages(round.channel).find((m) => m.text.includes('already behind us')));
    expect(stale).toMatchObject({ user: HOST, thread_ts: round.root.ts });

    await click(round, 'end', GUEST, questions(round)[2]);
    const refused = await h.fake.waitUntil(() => h.fake.ephemeralMessages(round.channel).find((m) => m.user === GUEST));
    expect(refused.text).toMatch(/not in this round/);
    expect((await h.services.engine.get(round.sessionId)).status).toBe('active');
    expect(questions(round)).toHaveLength(3);
  });

  it('End by the host → the round summary in the thread, last buttons retired, session ended', async () => {
    const round = await startRound();
    await click(round, 'end', HOST, questions(round)[0]);
    const summary = await h.fake.waitUntil(() => thread(round).find((m) => (headerOf(m) ?? '').startsWith('🏁 Round complete')), 5000);
    expect(messageText(summary)).toContain(`<@${HOST}>`);
    expect(messageText(summary)).toContain('`/drill backend`');
    await h.fake.waitUntil(() => actionIdsOf(questions(round)[0]).length === 0);
    expect((await h.services.engine.get(round.sessionId)).status).toBe('ended');
    expect(thread(round).every((m) => actionIdsOf(m).length === 0)).toBe(true);
  });

  it('a reply in an ended round is not an answer: only the person is told the round has ended', async () => {
    const round = await startRound();
    await click(round, 'end', HOST, questions(round)[0]);
    await h.fake.waitUntil(() => thread(round).some((m) => (headerOf(m) ?? '').startsWith('🏁 Round complete')), 5000);
    const before = h.fake.calls('chat.postMessage').length;
    await h.fake.sendEvent(threadReply({ user: HOST, channel: round.channel, thread_ts: round.root.ts, text: 'one more thing' }));
    const hint = await h.fake.waitUntil(() => h.fake.ephemeralMessages(round.channel).find((m) => m.user === HOST && m.text.startsWith('This round has ended')));
    expect(hint.thread_ts).toBe(round.root.ts);
    expect(h.fake.calls('chat.postMessage')).toHaveLength(before);
  });

  it('/drill → a one-question thread; someone else cannot answer it; the owner gets feedback and a send-off', async () => {
    const channel = newChannel();
    await h.fake.sendSlashCommand({ command: '/drill', text: 'frontend senior', user_id: GUEST, user_name: 'bob', channel_id: channel });
    const drillRoot = await h.fake.waitUntil(() => {
      const candidate = newestRoot(h.fake, channel);
      return candidate && (headerOf(candidate) ?? '').startsWith('🎯 Drill') && questions({ channel, root: candidate }).length === 1 ? candidate : undefined;
    });
    expect(headerOf(drillRoot)).toBe('🎯 Drill — Frontend · senior');
    expect(headerOf(questions({ channel, root: drillRoot })[0])).toMatch(/^Question 1\/1/);

    await h.fake.sendEvent(threadReply({ user: HOST, channel, thread_ts: drillRoot.ts, text: 'Let me answer yours' }));
    const refused = await h.fake.waitUntil(() => h.fake.ephemeralMessages(channel).find((m) => m.user === HOST && m.text.includes('This drill is')));
    expect(refused.thread_ts).toBe(drillRoot.ts);
    expect(refused.text).toContain(`This drill is <@${GUEST}>'s — start your own with \`/drill frontend\`.`);

    await h.fake.sendEvent(threadReply({ user: GUEST, channel, thread_ts: drillRoot.ts, text: TEXT_ANSWER }));
    const done = await h.fake.waitUntil(() => h.fake.threadMessages(channel, drillRoot.ts).find((m) => headerOf(m) === '🎯 Drill done'), 5000);
    expect(messageText(done)).toContain('`/drill frontend`');
    expect(h.fake.threadMessages(channel, drillRoot.ts).some((m) => /^Question 1\/1 — /.test(headerOf(m) ?? ''))).toBe(true);
  });

  it('/progress → card and chart PNG in the caller\'s DM only, with a pointer where they asked', async () => {
    const channel = newChannel();
    await practised('U0DANA', channel);
    const result = await h.fake.sendSlashCommand({ command: '/progress', text: '', user_id: 'U0DANA', channel_id: channel });
    const pointer = await h.fake.waitForCall('response_url', (c) => c.args.response_url === result.response_url, 5000);
    expect(pointer.args).toMatchObject({ response_type: 'ephemeral' });
    expect(String(pointer.args.text)).toContain('in your DM with me');
    const upload = await h.fake.waitUntil(() => h.fake.uploads().find((u) => u.filename === 'progress.png' && u.completed && u.channel_id?.startsWith('D')), 5000);
    expect(upload.bytes?.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(upload.alt_text).toMatch(/^Progress charts/);
    const dm = h.fake.channelMessages(upload.channel_id ?? '');
    expect(headerOf(dm[0])).toMatch(/^📈 Your progress/);
    expect(h.fake.channelMessages(channel).some((m) => (headerOf(m) ?? '').startsWith('📈'))).toBe(false);
  });

  it('/progress public → the card and chart in the channel; no history → a short private note', async () => {
    const channel = newChannel();
    await practised('U0ERIN', channel);
    await h.fake.sendSlashCommand({ command: '/progress', text: 'public', user_id: 'U0ERIN', channel_id: channel });
    const shared = await h.fake.waitUntil(() => h.fake.channelMessages(channel).find((m) => (headerOf(m) ?? '').startsWith('📈')), 5000);
    expect(shared.files?.[0]?.name).toBe('progress.png');

    const result = await h.fake.sendSlashCommand({ command: '/progress', text: '', user_id: 'U0NEWBIE', channel_id: channel });
    const note = await h.fake.waitForCall('response_url', (c) => c.args.response_url === result.response_url);
    expect(note.args.response_type).toBe('ephemeral');
    expect(messageText({ text: String(note.args.text), blocks: Array.isArray(note.args.blocks) ? note.args.blocks : [] })).toContain('No practice yet');
  });
});
