// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRow } from '../../src/db/schema.js';
import { threadReply, type StoredMessage } from '../fakes/slack/index.js';
import { GUEST, headerOf, HOST, newestRoot, startHarness, type SlackHarness } from './slackHarness.js';
import { channelOf } from '../helpers/locations.js';

const OUTSIDER = 'U0CAROL';

let h: SlackHarness;
let channels = 0;

beforeAll(async () => {
  h = await startHarness();
  h.fake.addUser({ id: OUTSIDER, name: 'carol', real_name: 'Carol' });
});
afterAll(async () => {
  await h?.stop();
});

interface Round {
  channel: string;
  root: StoredMessage;
  session: SessionRow;
}

const questions = (round: Round) => h.fake.threadMessages(round.channel, round.root.ts).filter((m) => /^Question \d+\/\d+ · /.test(headerOf(m) ?? ''));

/** `/mock-interview backend 3` by the host in a channel of its own, once question 1 is in the thread. */
async function startRound(): Promise<Round> {
  const channel = `C0RULES${++channels}`;
  h.fake.addChannel({ id: channel, name: `rules-${channels}` });
  await h.fake.sendSlashCommand({ command: '/mock-interview', text: 'backend 3', user_id: HOST, user_name: 'alice', channel_id: channel });
  const root = await h.fake.waitUntil(() => {
    const candidate = newestRoot(h.fake, channel);
    return candidate && h.fake.threadMessages(channel, candidate.ts).some((m) => /^Question 1\/3 · /.test(headerOf(m) ?? '')) ? candidate : undefined;
  }, 5000);
  const session = (await h.services.engine.openSessions()).find((s) => channelOf(s) === channel);
  if (!session) throw new Error('no open round');
  return { channel, root, session };
}

/** The guest answers question 1 in the thread, which is how people join a Slack round. */
async function guestJoins(round: Round): Promise<void> {
  await h.fake.sendEvent(threadReply({ user: GUEST, channel: round.channel, thread_ts: round.root.ts, text: 'I would shard by user id and cache the hot rows.' }));
  await h.fake.waitUntil(() => h.fake.threadMessages(round.channel, round.root.ts).some((m) => /^Question 1\/3 — /.test(headerOf(m) ?? '')), 5000);
}

async function click(round: Round, action: 'skip' | 'end', user: string): Promise<void> {
  const question = questions(round).at(-1);
  await h.fake.sendBlockAction({ action_id: `ic:${action}:${round.session.id}`, user, channel: round.channel, message_ts: question?.ts ?? '' });
}

function ephemeralTo(round: Round, user: string): Promise<{ text: string }> {
  return h.fake.waitUntil(() => h.fake.ephemeralMessages(round.channel).find((m) => m.user === user));
}

describe('round rules on Slack (the core guards, with Slack users as the Actor)', () => {
  it('a participant who is not the host cannot End; the host can', async () => {
    const round = await startRound();
    await guestJoins(round);
    await click(round, 'end', GUEST);
    expect((await ephemeralTo(round, GUEST)).text).toContain('Only the person who started this round can end it.');
    expect((await h.services.engine.get(round.session.id)).status).toBe('active');

    await click(round, 'end', HOST);
    await h.fake.waitUntil(async () => (await h.services.engine.get(round.session.id)).status === 'ended');
  });

  it('someone outside the round cannot Skip, and is told how to join on Slack', async () => {
    const round = await startRound();
    await click(round, 'skip', OUTSIDER);
    expect((await ephemeralTo(round, OUTSIDER)).text).toContain("You're not in this round yet — answer in the thread to join");
    expect((await h.services.engine.get(round.session.id)).currentIndex).toBe(0);
    expect(questions(round)).toHaveLength(1);
  });

  it('a participant who is not the host may Skip', async () => {
    const round = await startRound();
    await guestJoins(round);
    await click(round, 'skip', GUEST);
    await h.fake.waitUntil(() => questions(round).length === 2);
    expect((await h.services.engine.get(round.session.id)).currentIndex).toBe(1);
  });

  it('buttons on an ended round say it has ended, even to the host', async () => {
    const round = await startRound();
    await h.services.engine.end(round.session.id);
    await click(round, 'skip', HOST);
    expect((await ephemeralTo(round, HOST)).text).toContain('This round has already ended. Start a new one with `/mock-interview`.');
  });
});
