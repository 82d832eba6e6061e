// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedOf, field, startDiscordHarness, type DiscordHarness } from '../helpers/discordBotHarness.js';
import { encodeFixture, synthesizeAnswer } from '../helpers/audioFixtures.js';
import { FakeOpenAI, errorReply } from '../fakes/openai/FakeOpenAI.js';
import type { StoredMessage } from '../fakes/discord/index.js';
import type { SessionId } from '../../src/ids.js';
import { inChannel, threadOf } from '../helpers/locations.js';

let openai: FakeOpenAI;
let ogg: Buffer;

beforeAll(async () => {
  openai = await FakeOpenAI.start();
  ogg = await encodeFixture((await synthesizeAnswer()).pcm, 'ogg');
});
afterAll(async () => {
  await openai.close();
});

const byTitle = (h: DiscordHarness, channelId: string, prefix: string) => (): StoredMessage | undefined =>
  h.fake.channelMessages(channelId).find((m) => m.authorId === h.fake.botUser.id && embedOf(m).title.startsWith(prefix));

async function openRound(h: DiscordHarness, name: string, questions = 1): Promise<{ threadId: string; sessionId: SessionId }> {
  const channel = h.fake.createTextChannel(name).id;
  await h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'backend', questions, mode: 'text' }, channelId: channel }).waitForResponse((r) => r.kind === 'editOriginal');
  const session = await h.fake.waitUntil(async () => {
    const s = await h.services.engine.findOpen(inChannel(channel));
    return threadOf(s) ? s : undefined;
  }, 5000, 'session');
  await h.fake.waitUntil(byTitle(h, threadOf(session) ?? '', 'Question 1/'), 5000, 'question');
  return { threadId: threadOf(session) ?? '', sessionId: session.id };
}

describe('nothing captured is lost across a crash', () => {
  it('an answer stored but not yet scored when the bot dies is scored after restart and its message edited', async () => {
    // The first bot scores with an LLM that never answers in time, so the crash lands between "transcribed" and "scored".
    openai.setDefault('chat', { delayMs: 30_000, json: {} });
    const first = await startDiscordHarness({ OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: 'sk-test', PROVIDER_TIMEOUT_MS: '60000', QUESTION_PROVIDER: 'bank' });
    const { threadId, sessionId } = await openRound(first, 'crash-room', 2);
    first.fake.sendMessage({ channelId: threadId, content: 'Um, I would put a read replica behind the API and cache the hot keys.' });
    const status = await first.fake.waitUntil(byTitle(first, threadId, '📝'), 5000, 'scoring status');
    expect((await first.services.repos.answers.forSession(sessionId))[0]?.answer.status).toBe('transcribed');
    await first.crash();

    const second = await startDiscordHarness({ EVALUATOR_PROVIDER: 'rubric' }, {}, { fake: first.fake, location: first.location });
    try {
      const edited = await second.fake.waitUntil(() => {
        const m = second.fake.message(status.id);
        return m && embedOf(m).title.startsWith('Question 1/2 —') ? m : undefined;
      }, 10_000, 'the status message edited into feedback');
      expect(field(embedOf(edited), 'Wording')).toContain('fillers 1 (um ×1)');
      expect((await second.services.repos.answers.forSession(sessionId))[0]?.answer.status).toBe('scored');
      // The open round continues in its thread: the answer scored after the restart completed question 1, so it moves on.
      await second.fake.waitUntil(byTitle(second, threadId, '🔁 I restarted'), 5000, 'restart note');
      await second.fake.waitUntil(byTitle(second, threadId, 'Question 2/2'), 5000, 'question 2 after the restart');
    } finally {
      await second.stop();
      await first.fake.stop();
    }
  });

  it('a voice answer kept while the transcriber is down is transcribed on a later try and the feedback appears', async () => {
    openai.script('transcriptions', errorReply(500), errorReply(500));
    const h = await startDiscordHarness({ WHISPER_BASE_URL: openai.url, WHISPER_API_KEY: 'k', PROVIDER_MAX_RETRIES: '0', TRANSCRIPTION_RETRY_SECONDS: '0.2,0.2' });
    try {
      const { threadId, sessionId } = await openRound(h, 'flaky-stt');
      h.fake.sendVoiceMessage({ channelId: threadId, audio: ogg, durationSecs: 9 });
      const slow = await h.fake.waitUntil(() => h.fake.channelMessages(threadId).find((m) => JSON.stringify(m.embeds).includes('Transcription is slow right now')), 10_000, 'slow notice');
      expect((await h.services.repos.answers.forSession(sessionId))[0]?.answer.status).toBe('received');
      const feedback = await h.fake.waitUntil(() => {
        const m = h.fake.message(slow.id);
        return m && embedOf(m).title.startsWith('Question 1/1 —') ? m : undefined;
      }, 10_000, 'feedback after the retry');
      expect(field(embedOf(feedback), 'Delivery')).toMatch(/^Delivery \d+\/100/);
      expect((await h.services.repos.answers.forSession(sessionId))[0]?.answer.status).toBe('scored');
    } finally {
      await h.stop();
    }
  });

  it('a voice answer whose audio died with the process is closed with a clear note after restart', async () => {
    openai.setDefault('transcriptions', errorReply(500));
    const first = await startDiscordHarness({ WHISPER_BASE_URL: openai.url, WHISPER_API_KEY: 'k', PROVIDER_MAX_RETRIES: '0', TRANSCRIPTION_RETRY_SECONDS: '600' });
    const { threadId, sessionId } = await openRound(first, 'lost-audio');
    first.fake.sendVoiceMessage({ channelId: threadId, audio: ogg, durationSecs: 9 });
    const slow = await first.fake.waitUntil(() => first.fake.channelMessages(threadId).find((m) => JSON.stringify(m.embeds).includes('Transcription is slow right now')), 10_000, 'slow notice');
    await first.crash();
    const second = await startDiscordHarness({}, {}, { fake: first.fake, location: first.location });
    try {
      await second.fake.waitUntil(() => (JSON.stringify(second.fake.message(slow.id)?.embeds).includes('please send it again') ? true : undefined), 10_000, 'lost-audio note');
      expect((await second.services.repos.answers.forSession(sessionId))[0]?.answer.status).toBe('failed');
    } finally {
      await second.stop();
      await first.fake.stop();
    }
  });
});
