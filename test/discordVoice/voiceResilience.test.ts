// storage: SQLite and PostgreSQL
import { VoiceConnectionStatus, entersState } from '@discordjs/voice';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { spokenAnswer, wavSamples } from './spokenAnswer.js';
import { VoiceHarness, useFillerTranscript } from './voiceHarness.js';
import { platformUserId } from '../helpers/ids.js';
import { threadOf } from '../helpers/locations.js';

let harness: VoiceHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function start(inChannel: string[]): Promise<VoiceHarness> {
  harness = await VoiceHarness.start({ dave: false, inChannel, shortQuestions: true });
  const h = harness;
  useFillerTranscript(h.openai);
  onTestFailed(() => {
    console.log('voice failures:', h.events.failure);
    console.log('fake voice server errors:', h.voiceServer.errors);
  });
  return h;
}

const wavSeconds = (wav: Buffer | undefined): number => {
  if (!wav) return 0;
  const { pcm, sampleRate } = wavSamples(wav);
  return pcm.length / sampleRate;
};

describe('Discord voice round resilience (DAVE off)', () => {
  it('rebuilds an answer from lost, reordered and duplicated packets, and ignores speech during the question', async () => {
    const h = await start(['alice']);
    const early = await spokenAnswer(['Hello there.'], 0);
    const answer = await spokenAnswer(['Keys let React match list items.', 'Memo skips work.'], 1);
    h.sendRoundCommand({ questions: 1 });
    // Alice talks over the question: the bot is still playing it, so this is not her answer.
    await h.voiceServer.waitForBotFrames(5, 15_000);
    const sessionId = (await h.waitFor('joined')).sessionId;
    await h.waitForSsrc(sessionId, ['alice']);
    await h.speak('alice', early, { realtime: false });
    await h.waitFor('listening');
    const threadId = threadOf(await h.services.engine.get(sessionId)) ?? '';

    await h.speak('alice', answer, { drop: [10, 11, 40], reorder: [20, 60], duplicate: [30] });
    await h.pressDone('alice', sessionId, threadId);
    await h.waitForFeedback(threadId, 'alice');

    const captured = h.events.answerCaptured[0];
    expect(captured?.audio.stats).toMatchObject({ lost: 3, duplicates: 1, late: 0 });
    // Only the answer's packets: the early speech came before anyone was being recorded.
    expect(captured?.audio.stats.packets).toBe(answer.frames.length - 3 + 1);
    // Lost frames became silence of their length, so the answer keeps its length (and no early speech in it).
    expect(Math.abs(wavSeconds(h.uploadedWavs()[0]) - answer.durationSec)).toBeLessThanOrEqual(0.05 * answer.durationSec);
    expect(h.events.failure).toEqual([]);
  });

  it('resubscribes when the receive stream fails mid-answer and loses nothing already heard', async () => {
    const h = await start(['alice']);
    const answer = await spokenAnswer(['React compares the new tree with the old one.', 'Keys let it match list items.'], 0);
    const { sessionId, threadId } = await h.startRound({ questions: 1 });
    await h.waitForSsrc(sessionId, ['alice']);
    const aliceId = h.userId('alice');
    const speaking = h.speak('alice', answer);
    // Mid-answer: 40 of its frames (0.8 s) have reached the bot.
    await h.waitForReceived('alice', 40);
    // What @discordjs/voice does when DAVE cannot decrypt a frame: destroy the user's stream with the error.
    h.connection(sessionId).receiver.subscriptions.get(aliceId)?.destroy(new Error('Failed to decrypt: DAVE transition 0'));
    await speaking;
    await h.pressDone('alice', sessionId, threadId);
    await h.waitForFeedback(threadId, 'alice');

    expect(h.events.resubscribed).toHaveLength(1);
    expect(String(h.events.resubscribed[0]?.error)).toMatch(/Failed to decrypt/);
    const stats = h.events.answerCaptured[0]?.audio.stats;
    // At most the packet in flight while resubscribing is missing; the timeline fills it with silence.
    expect((stats?.packets ?? 0) + (stats?.lost ?? 0)).toBe(answer.frames.length);
    expect(stats?.lost ?? 9).toBeLessThanOrEqual(1);
    expect(Math.abs(wavSeconds(h.uploadedWavs()[0]) - answer.durationSec)).toBeLessThanOrEqual(0.05 * answer.durationSec);
  });

  it('comes back after voice disconnects mid-round (library resume, our rejoin) and keeps every answer', async () => {
    const h = await start(['alice']);
    const first = await spokenAnswer(['I would add a cache.'], 0);
    const second = await spokenAnswer(['Then measure it.'], 0);
    const { sessionId, threadId } = await h.startRound({ questions: 2 });
    await h.waitForSsrc(sessionId, ['alice']);

    // Question 1: a non-resumable close mid-answer; the library rejoins through the gateway by itself.
    await h.speak('alice', first);
    h.voiceServer.disconnectClient(4006);
    await h.voiceServer.waitFor(() => h.voiceServer.identifies.length === 2, 'a second IDENTIFY');
    await entersState(h.connection(sessionId), VoiceConnectionStatus.Ready, 5_000);
    await h.waitForSsrc(sessionId, ['alice']);
    await h.speak('alice', second);
    await h.pressDone('alice', sessionId, threadId);
    const firstFeedback = await h.waitForFeedback(threadId, 'alice', 1);
    expect(Math.abs(wavSeconds(h.uploadedWavs()[0]) - (first.durationSec + second.durationSec))).toBeLessThan(1.5);

    // Question 2: 4014 (kicked/moved) leaves the connection Disconnected; the round rejoins after the window.
    const listening = await h.waitFor('listening', (e) => e.questionId !== h.events.listening[0]?.questionId);
    expect(listening.userIds).toEqual([h.userId('alice')]);
    const requestsBefore = h.fake.voiceStateRequests.length;
    h.voiceServer.disconnectClient(4014);
    const reconnected = await h.waitFor('reconnected', (e) => e.rejoins >= 1, 10_000);
    expect(reconnected.fresh).toBe(false);
    expect(h.fake.voiceStateRequests.length).toBeGreaterThan(requestsBefore);
    await h.waitForSsrc(sessionId, ['alice']);
    await h.speak('alice', second);
    await h.pressDone('alice', sessionId, threadId);
    await h.waitForFeedback(threadId, 'alice', 2);

    // Nothing answered was lost: both answers are stored and the first feedback card is untouched.
    const alice = await h.services.repos.identity.findUser('discord', platformUserId(h.userId('alice')));
    const statuses: (string | undefined)[] = [];
    for (const position of [0, 1]) {
      const question = await h.services.repos.sessions.questionAt(sessionId, position);
      statuses.push(question && alice ? (await h.services.repos.answers.findForQuestion(question.id, alice.id))?.status : undefined);
    }
    expect(statuses).toEqual(['scored', 'scored']);
    expect(h.fake.message(firstFeedback.id)?.embeds).toEqual(firstFeedback.embeds);
    await h.waitFor('left', (e) => e.sessionId === sessionId);
    expect(h.threadMessage(threadId, '🏁 Round complete')).toBeDefined();
    expect(h.events.connectionLost).toEqual([]);
  });
});

describe('Discord voice round when rejoining fails', () => {
  it('joins afresh after the rejoins time out, re-attaches every capture, and the answer still arrives', async () => {
    harness = await VoiceHarness.start({ dave: false, inChannel: ['alice'], shortQuestions: true, voice: { reconnectWindowMs: 300, readyTimeoutMs: 800, maxRejoins: 1 } });
    const h = harness;
    useFillerTranscript(h.openai);
    const answer = await spokenAnswer(['I would add a cache.'], 0);
    const { sessionId, threadId } = await h.startRound({ questions: 1 });
    const first = h.connection(sessionId);

    // The gateway stops answering op 4: the library's state stays Signalling and every rejoin times out.
    h.fake.autoAnswerVoice = false;
    h.voice.manager.once('connectionLost', () => {
      h.fake.autoAnswerVoice = true; // …until the fresh join
    });
    h.voiceServer.disconnectClient(4014);
    const reconnected = await h.waitFor('reconnected', (e) => e.fresh, 10_000);
    expect(reconnected.sessionId).toBe(sessionId);
    expect(first.state.status).toBe(VoiceConnectionStatus.Destroyed);
    expect(h.connection(sessionId)).not.toBe(first);

    await h.waitForSsrc(sessionId, ['alice']);
    await h.speak('alice', answer);
    await h.pressDone('alice', sessionId, threadId);
    await h.waitForFeedback(threadId, 'alice');
    expect(Math.abs(wavSeconds(h.uploadedWavs()[0]) - answer.durationSec)).toBeLessThanOrEqual(0.05 * answer.durationSec);
    expect(h.threadMessage(threadId, '🔌')).toBeUndefined();
  });
});

describe('Discord voice round when voice cannot come back', () => {
  it('degrades to a text round: says so in the thread, stops speaking questions, and typed answers carry the round to its end', async () => {
    harness = await VoiceHarness.start({ dave: false, inChannel: ['alice'], shortQuestions: true, voice: { reconnectWindowMs: 300, readyTimeoutMs: 800, maxRejoins: 1, joinTimeoutMs: 1_500 } });
    const h = harness;
    const { sessionId, threadId } = await h.startRound({ questions: 2 });
    const first = h.connection(sessionId);

    // The gateway never answers op 4 again: the rejoins and the fresh join all time out.
    h.fake.autoAnswerVoice = false;
    h.voiceServer.disconnectClient(4014);
    const degraded = await h.waitFor('degraded', (e) => e.sessionId === sessionId, 15_000);
    expect(degraded.error).toBeInstanceOf(Error);
    expect(h.voice.manager.round(sessionId)?.state.status).toBe('degraded');
    expect(h.voice.manager.round(sessionId)?.connection).toBeNull();
    expect(first.state.status).toBe('destroyed');
    await h.fake.waitUntil(() => h.threadMessage(threadId, '🔌 I lost the voice connection'), 5_000, 'the lost-voice note');

    const spokenBefore = h.events.questionSpoken.length;
    h.fake.sendMessage({ channelId: threadId, author: h.fake.user('alice'), content: 'I would add a cache in front of the database and measure the hit rate.' });
    await h.waitForFeedback(threadId, 'alice', 1);
    await h.fake.waitUntil(() => h.threadMessage(threadId, 'Question 2/2'), 10_000, 'question 2');
    h.fake.sendMessage({ channelId: threadId, author: h.fake.user('alice'), content: 'Then I would roll it out behind a flag and watch the error rate.' });
    await h.waitForFeedback(threadId, 'alice', 2);
    await h.waitFor('left', (e) => e.sessionId === sessionId);
    expect(h.threadMessage(threadId, '🏁 Round complete')).toBeDefined();
    // Question 2 was asked in the thread only: nothing was played into a channel the bot is no longer in.
    expect(h.events.questionSpoken.length).toBe(spokenBefore);
    expect(h.events.listening.filter((e) => e.sessionId === sessionId)).toHaveLength(1);
  });
});
