// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedOf, field, startDiscordHarness, type DiscordHarness } from '../helpers/discordBotHarness.js';
import { encodeFixture, synthesizeAnswer } from '../helpers/audioFixtures.js';
import { failures, type StoredMessage } from '../fakes/discord/index.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import type { SessionId } from '../../src/ids.js';
import { inChannel, threadOf } from '../helpers/locations.js';

let openai: FakeOpenAI;
let withWhisper: DiscordHarness;
let withoutWhisper: DiscordHarness;
let ogg: Buffer;
let spokenSec: number;

beforeAll(async () => {
  openai = await FakeOpenAI.start();
  openai.transcript = {
    language: 'english',
    duration: 9,
    segments: [
      {
        start: 0.4,
        end: 9,
        text: ' So the reconciler, like, compares the new tree. Um, keys let React match list items.',
        no_speech_prob: 0.01,
        words: [
          ['So', 0.4], ['the', 0.6], ['reconciler', 0.8], ['like', 1.6], ['compares', 2.0], ['the', 2.5], ['new', 2.7], ['tree', 2.9],
          ['Um', 5.0], ['keys', 5.4], ['let', 5.7], ['React', 5.9], ['match', 6.3], ['list', 6.6], ['items', 6.9],
        ].map(([word, start]) => ({ word: String(word), start: Number(start), end: Number(start) + 0.25 })),
      },
    ],
  };
  const fixture = await synthesizeAnswer();
  spokenSec = fixture.durationSec;
  ogg = await encodeFixture(fixture.pcm, 'ogg');
  withWhisper = await startDiscordHarness({ WHISPER_BASE_URL: openai.url, WHISPER_API_KEY: 'test-whisper-key' });
  // Voice off on purpose: with no key the local whisper model would otherwise answer.
  withoutWhisper = await startDiscordHarness({ TRANSCRIBER_PROVIDER: 'none' });
});
afterAll(async () => {
  await withWhisper?.stop();
  await withoutWhisper?.stop();
  await openai?.close();
});

async function startRound(h: DiscordHarness, role: string): Promise<{ threadId: string; sessionId: SessionId }> {
  const channel = h.fake.createTextChannel(`room-${role}`).id;
  const cmd = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role, questions: 1, mode: 'text' }, channelId: channel });
  await cmd.waitForResponse((r) => r.kind === 'editOriginal');
  const session = await h.fake.waitUntil(async () => {
    const s = await h.services.engine.findOpen(inChannel(channel));
    return threadOf(s) ? s : undefined;
  }, 5000, 'session with thread');
  const threadId = threadOf(session) ?? '';
  await h.fake.waitUntil(() => h.fake.channelMessages(threadId).find((m) => embedOf(m).title.startsWith('Question 1/1')), 5000, 'question');
  return { threadId, sessionId: session.id };
}

const find = (h: DiscordHarness, channelId: string, text: string) => (): StoredMessage | undefined =>
  h.fake.channelMessages(channelId).find((m) => m.authorId === h.fake.botUser.id && JSON.stringify(m.embeds).includes(text));

describe('Discord voice messages', () => {
  it('a voice message is decoded, transcribed by the Whisper server and scored with its fillers and audio metrics', async () => {
    const h = withWhisper;
    const { threadId, sessionId } = await startRound(h, 'frontend');
    h.fake.sendVoiceMessage({ channelId: threadId, audio: ogg, durationSecs: spokenSec });
    const feedback = await h.fake.waitUntil(find(h, threadId, 'Question 1/1 —'), 15_000, 'feedback');
    const delivery = field(embedOf(feedback), 'Delivery');
    expect(delivery).toMatch(/^Delivery \d+\/100 — /);
    expect(delivery).toContain('fillers 2 (like ×1, um ×1)');
    expect(delivery).toMatch(/1 pause > 1 s \(longest 1\.[89] s\)/);
    expect(field(embedOf(feedback), 'Transcript')).toContain('**like**');
    // One upload: a WAV of the answer, with the filler-preserving prompt and word timestamps asked for.
    const uploads = openai.callsTo('transcriptions');
    expect(uploads).toHaveLength(1);
    const record = (await h.services.repos.answers.forSession(sessionId))[0];
    expect(record?.answer.inputKind).toBe('voice_message');
    expect(record?.answer.durationSec).toBeCloseTo(spokenSec, 0);
    expect(record?.metrics?.deliveryScore).toBeGreaterThan(0);
    expect(record?.metrics?.speechSec).toBeGreaterThan(4);
  });

  it('with voice turned off (TRANSCRIBER_PROVIDER=none), a voice message gets a clear reply and the text path stays open', async () => {
    const h = withoutWhisper;
    const { threadId } = await startRound(h, 'backend');
    h.fake.sendVoiceMessage({ channelId: threadId, audio: ogg, durationSecs: spokenSec });
    const reply = await h.fake.waitUntil(find(h, threadId, 'Voice answers are turned off'), 10_000, 'no-transcriber message');
    expect(JSON.stringify(reply.embeds)).toContain('TRANSCRIBER_PROVIDER=none');
    h.fake.sendMessage({ channelId: threadId, content: 'I would add an index and cache hot rows because reads dominate.' });
    await h.fake.waitUntil(find(h, threadId, 'Question 1/1 —'), 10_000, 'text feedback after the voice failure');
  });

  it('random bytes sent as a voice message get a clear error, not a crash', async () => {
    const h = withWhisper;
    const { threadId } = await startRound(h, 'devops');
    h.fake.sendVoiceMessage({ channelId: threadId, audio: Buffer.from('definitely not an ogg file, just text bytes'), durationSecs: 3 });
    const reply = await h.fake.waitUntil(() => h.fake.channelMessages(threadId).find((m) => embedOf(m).title === 'Something needs attention'), 10_000, 'error card');
    expect(embedOf(reply).description.length).toBeGreaterThan(10);
    expect(embedOf(reply).description).not.toMatch(/Error:|at .*\.ts/);
  });

  it('missing thread permissions give the admin-facing explanation', async () => {
    const h = withoutWhisper;
    h.fake.failRequests({ method: 'POST', path: '/channels/:channelId/messages/:messageId/threads' }, failures.missingPermissions());
    const channel = h.fake.createTextChannel('locked').id;
    const cmd = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'product', mode: 'text' }, channelId: channel });
    const reply = await cmd.waitForResponse((r) => JSON.stringify(r.data).includes('missing permissions'));
    expect(JSON.stringify(reply.data)).toContain('Create Public Threads');
    expect(await h.services.engine.findOpen(inChannel(channel))).toBeUndefined();
  });
});
