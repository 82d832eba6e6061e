// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_SENT_TO_DM } from '../../src/bot/slack/replayAction.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { fileShareMessage, type StoredMessage } from '../fakes/slack/index.js';
import { encodeFixture, synthesizeAnswer } from '../helpers/audioFixtures.js';
import { answerId } from '../helpers/ids.js';
import { decodeWithOpusdec } from '../replay/decodeOgg.js';
import { actionIdsOf, CHANNEL, GUEST, headerOf, HOST, messageText, newestRoot, startHarness, type SlackHarness } from './slackHarness.js';

const MINUTE = 60_000;
const SPOKEN = 'Um, so I would, uh, add a cache in front of the database, keyed by user id and invalidated on writes.';

let h: SlackHarness;
let openai: FakeOpenAI;
let webm: Buffer;
let root: StoredMessage | undefined;
let now = 1_700_000_000_000;

beforeAll(async () => {
  openai = await FakeOpenAI.start();
  const spoken = await synthesizeAnswer();
  webm = await encodeFixture(spoken.pcm, 'webm');
  const words = SPOKEN.split(' ');
  const step = spoken.durationSec / words.length;
  openai.transcript = {
    language: 'english',
    duration: spoken.durationSec,
    segments: [
      {
        start: 0,
        end: spoken.durationSec,
        text: ` ${SPOKEN}`,
        no_speech_prob: 0.01,
        words: words.map((word, i) => ({ word: word.replace(/[,.]/g, ''), start: i * step, end: i * step + step * 0.8 })),
      },
    ],
  };
  h = await startHarness({ WHISPER_BASE_URL: openai.url, WHISPER_API_KEY: 'test', PROVIDER_MAX_RETRIES: '0' }, undefined, { now: () => now });
  await h.fake.sendSlashCommand({ command: '/mock-interview', text: 'backend 3', user_id: HOST, channel_id: CHANNEL });
  root = await h.fake.waitUntil(() => {
    const candidate = newestRoot(h.fake);
    return candidate && h.fake.threadMessages(CHANNEL, candidate.ts).length >= 3 ? candidate : undefined;
  }, 5000);
}, 30_000);

afterAll(async () => {
  await h?.stop();
  await openai?.close();
});

const thread = () => h.fake.threadMessages(CHANNEL, root?.ts ?? '');

/** Answers question `n` with the clip and returns its feedback message and replay button id. */
async function answer(n: number): Promise<{ feedback: StoredMessage; actionId: string }> {
  await h.fake.waitUntil(() => thread().some((m) => (headerOf(m) ?? '').startsWith(`Question ${n}/3 · `)), 5000);
  const clip = h.fake.addAudioClip({ bytes: webm, mimetype: 'audio/webm', user: HOST });
  await h.fake.sendEvent(fileShareMessage({ user: HOST, channel: CHANNEL, files: [clip], thread_ts: root?.ts ?? '' }));
  const feedback = await h.fake.waitUntil(() => thread().find((m) => new RegExp(`^Question ${n}/3 — `).test(headerOf(m) ?? '')), 15_000);
  const actionId = actionIdsOf(feedback).find((id) => id.startsWith('ic:replay:'));
  expect(actionId).toBeDefined();
  return { feedback, actionId: actionId ?? '' };
}

describe('Slack: Hear it without the ums', () => {
  let first: { feedback: StoredMessage; actionId: string };

  it('the owner gets their answer as an Ogg Opus file in their DM, shorter by exactly the cuts, and a note where it went', async () => {
    first = await answer(1);
    await h.fake.sendBlockAction({ action_id: first.actionId, user: HOST, channel: CHANNEL, message_ts: first.feedback.ts });
    const upload = await h.fake.waitUntil(() => h.fake.uploads().find((u) => u.completed && u.filename.endsWith('.ogg')), 15_000);
    // Posted in the DM with the owner, not the channel: Slack files cannot be ephemeral.
    expect(upload.channel_id).toBeDefined();
    expect(upload.channel_id).not.toBe(CHANNEL);
    const dmNote = await h.fake.waitUntil(() => h.fake.channelMessages(upload.channel_id ?? '').find((m) => messageText(m).includes('without the ums')), 5000);
    expect(messageText(dmNote)).toContain('never stored');
    const note = await h.fake.waitUntil(() => h.fake.ephemeralMessages(CHANNEL).find((m) => m.user === HOST && m.text === REPLAY_SENT_TO_DM), 5000);
    expect(note).toBeDefined();

    const replay = await h.services.replays?.audio(answerId(Number(first.actionId.split(':')[2])));
    const removedSec = (replay?.cuts ?? []).reduce((sum, c) => sum + c.end - c.start, 0);
    expect(removedSec).toBeGreaterThan(3.5); // the 1.5 s and 3 s silences, less a breath each side, and the fillers
    const decoded = await decodeWithOpusdec(upload.bytes ?? Buffer.alloc(0));
    expect(Math.abs(decoded.length / 48_000 - ((replay?.originalSec ?? 0) - removedSec))).toBeLessThan(0.05);
  }, 30_000);

  it('someone else pressing it is told, only to them, that it is not theirs; nothing is uploaded', async () => {
    const uploadsBefore = h.fake.uploads().length;
    await h.fake.sendBlockAction({ action_id: first.actionId, user: GUEST, channel: CHANNEL, message_ts: first.feedback.ts });
    const refused = await h.fake.waitUntil(() => h.fake.ephemeralMessages(CHANNEL).find((m) => m.user === GUEST && messageText(m).includes('Only the person who gave this answer')), 5000);
    expect(refused).toBeDefined();
    expect(h.fake.uploads()).toHaveLength(uploadsBefore);
  });

  it('after REPLAY_MINUTES it says the replay has expired (injected clock, no waiting)', async () => {
    const second = await answer(2);
    now += 15 * MINUTE;
    await h.fake.sendBlockAction({ action_id: second.actionId, user: HOST, channel: CHANNEL, message_ts: second.feedback.ts });
    const expired = await h.fake.waitUntil(() => h.fake.ephemeralMessages(CHANNEL).find((m) => m.user === HOST && messageText(m).includes('That replay has expired')), 5000);
    expect(expired).toBeDefined();
  }, 30_000);
});
