// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedOf, startDiscordHarness, type DiscordHarness } from '../helpers/discordBotHarness.js';
import { encodeFixture, synthesizeAnswer } from '../helpers/audioFixtures.js';
import { MessageFlag, type StoredMessage } from '../fakes/discord/index.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { decodeWithOpusdec } from '../replay/decodeOgg.js';
import { answerId } from '../helpers/ids.js';
import { inChannel, threadOf } from '../helpers/locations.js';

const MINUTE = 60_000;

let openai: FakeOpenAI;
let h: DiscordHarness;
let ogg: Buffer;
let spokenSamples: number;
let now = 1_700_000_000_000;

beforeAll(async () => {
  openai = await FakeOpenAI.start();
  // Words where the fixture speaks (ANSWER_SCRIPT): "Um" opens the second phrase.
  openai.transcript = {
    language: 'english',
    duration: 13,
    segments: [
      {
        start: 0.4,
        end: 13,
        text: ' So the reconciler compares the new tree. Um, keys let React match list items.',
        no_speech_prob: 0.01,
        words: [
          ['So', 0.4], ['the', 0.6], ['reconciler', 0.8], ['compares', 1.4], ['the', 1.9], ['new', 2.1], ['tree', 2.3],
          ['Um', 3.6], ['keys', 4.0], ['let', 4.3], ['React', 4.5], ['match', 4.9], ['list', 5.2], ['items', 5.5],
        ].map(([word, start]) => ({ word: String(word), start: Number(start), end: Number(start) + 0.3 })),
      },
    ],
  };
  const fixture = await synthesizeAnswer();
  spokenSamples = fixture.pcm.length;
  ogg = await encodeFixture(fixture.pcm, 'ogg');
  h = await startDiscordHarness({ WHISPER_BASE_URL: openai.url, WHISPER_API_KEY: 'test-whisper-key' }, {}, {}, { now: () => now });
});
afterAll(async () => {
  await h?.stop();
  await openai?.close();
});

/** A one-question text round answered with a voice message by the first test user; its feedback message. */
async function answeredWithVoiceMessage(role: string): Promise<StoredMessage> {
  const channel = h.fake.createTextChannel(`room-${role}`).id;
  const cmd = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role, questions: 1, mode: 'text' }, channelId: channel });
  await cmd.waitForResponse((r) => r.kind === 'editOriginal');
  const session = await h.fake.waitUntil(async () => {
    const s = await h.services.engine.findOpen(inChannel(channel));
    return threadOf(s) ? s : undefined;
  }, 5000, 'session with thread');
  const threadId = threadOf(session) ?? '';
  await h.fake.waitUntil(() => h.fake.channelMessages(threadId).find((m) => embedOf(m).title.startsWith('Question 1/1')), 5000, 'question');
  h.fake.sendVoiceMessage({ channelId: threadId, audio: ogg, durationSecs: spokenSamples / 16000 });
  return h.fake.waitUntil(
    () => h.fake.channelMessages(threadId).find((m) => m.authorId === h.fake.botUser.id && embedOf(m).title.startsWith('Question 1/1 —')),
    15_000,
    'feedback',
  );
}

function replayButtonOf(message: StoredMessage): string {
  const ids = JSON.stringify(message.components).match(/ic:replay:\d+/g) ?? [];
  expect(ids).toHaveLength(1);
  return ids[0] ?? '';
}

describe('Discord: Hear it without the ums', () => {
  it('the owner gets an ephemeral voice message of their answer, shorter by exactly the cut fillers and pauses', async () => {
    const feedback = await answeredWithVoiceMessage('frontend');
    const customId = replayButtonOf(feedback);
    const [owner] = h.fake.testUsers;
    const click = h.fake.clickButton({ customId, messageId: feedback.id, user: owner });
    await click.waitForResponses(3, 15_000);
    const note = click.originalMessage();
    expect((note?.flags ?? 0) & MessageFlag.Ephemeral).not.toBe(0);
    expect(embedOf(note).title).toBe('🎧 Your answer without the ums');
    const voice = click.followups().find((m) => (m.flags & MessageFlag.IsVoiceMessage) !== 0);
    expect(voice).toBeDefined();
    expect((voice?.flags ?? 0) & MessageFlag.Ephemeral).not.toBe(0);
    expect(voice?.content).toBe('');
    expect(voice?.attachments).toHaveLength(1);
    const attachment = voice?.attachments[0];
    expect(attachment?.filename).toMatch(/\.ogg$/);
    expect(Buffer.from(attachment?.waveform ?? '', 'base64').length).toBeGreaterThan(10);

    // The cuts the bot made: the "Um" from the word timestamps (chunked transcription shifts them by its trim
    // margin), and the 1.5 s and 3 s silences shortened.
    const id = answerId(Number(customId.split(':')[2]));
    const replay = await h.services.replays?.audio(id);
    const cuts = replay?.cuts ?? [];
    expect(cuts.some((c) => c.start >= 3.5 && c.end <= 4.4 && c.end - c.start >= 0.2)).toBe(true);
    const removedSec = cuts.reduce((sum, c) => sum + c.end - c.start, 0);
    // The two long silences alone are 4.5 s, less a breath kept on each side of each.
    expect(removedSec).toBeGreaterThan(3.5);

    // Decoded outside the project (opusdec, which checks every page's CRC): shorter by the cuts, ±50 ms.
    const decoded = await decodeWithOpusdec(attachment?.data ?? Buffer.alloc(0));
    const decodedSec = decoded.length / 48_000;
    expect(Math.abs(decodedSec - (spokenSamples / 16000 - removedSec))).toBeLessThan(0.05);
    expect(attachment?.durationSecs).toBeCloseTo(decodedSec, 1);
  });

  it('where Discord refuses the ephemeral voice message, it arrives in the owner\'s DMs instead, with a private note', async () => {
    const feedback = await answeredWithVoiceMessage('product');
    const [owner] = h.fake.testUsers;
    if (!owner) throw new Error('no test user');
    h.fake.failRequests({ method: 'POST', path: '/webhooks/:appId/:token' }, { status: 400, body: { message: 'Invalid Form Body', code: 50035 } });
    const click = h.fake.clickButton({ customId: replayButtonOf(feedback), messageId: feedback.id, user: owner });
    const dm = await h.fake.waitUntil(() => h.fake.channelMessages(h.fake.dmChannel(owner).id).find((m) => (m.flags & MessageFlag.IsVoiceMessage) !== 0), 15_000, 'voice message in the DM');
    expect(dm.attachments).toHaveLength(1);
    expect((await decodeWithOpusdec(dm.attachments[0]?.data ?? Buffer.alloc(0))).length).toBeGreaterThan(48_000);
    const note = await h.fake.waitUntil(() => click.followups().find((m) => embedOf(m).title === '🎧 Sent to your DMs'), 5000, 'note');
    expect(note.flags & MessageFlag.Ephemeral).not.toBe(0);
  });

  it('someone else pressing the button is refused, privately, and gets no audio', async () => {
    const feedback = await answeredWithVoiceMessage('backend');
    const [, other] = h.fake.testUsers;
    const click = h.fake.clickButton({ customId: replayButtonOf(feedback), messageId: feedback.id, user: other });
    const refusal = await click.waitForOriginal((m) => JSON.stringify(m.embeds).includes('Only the person who gave this answer'), 10_000);
    expect(refusal.flags & MessageFlag.Ephemeral).not.toBe(0);
    expect(click.followups().filter((m) => m.attachments.length > 0)).toHaveLength(0);
  });

  it('after REPLAY_MINUTES the button says the replay has expired (injected clock, no waiting)', async () => {
    const feedback = await answeredWithVoiceMessage('devops');
    now += 15 * MINUTE;
    const [owner] = h.fake.testUsers;
    const click = h.fake.clickButton({ customId: replayButtonOf(feedback), messageId: feedback.id, user: owner });
    const expired = await click.waitForOriginal((m) => JSON.stringify(m.embeds).includes('That replay has expired'), 10_000);
    expect(expired.flags & MessageFlag.Ephemeral).not.toBe(0);
    expect(click.followups().filter((m) => m.attachments.length > 0)).toHaveLength(0);
  });
});
