// storage: SQLite and PostgreSQL
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { resampleMono } from '../../src/pipeline/audio/index.js';
import { encodeOpusFrames } from '../fakes/discord/voice/opusFrames.js';
import { listeningReply, toneScript, toneWordsPcm } from '../fakes/openai/listeningTranscription.js';
import type { SpokenAnswer } from './spokenAnswer.js';
import { VoiceHarness } from './voiceHarness.js';
import { platformUserId } from '../helpers/ids.js';

let harness: VoiceHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/**
 * Tone words as a Discord client sends them: each word's frames, and the silences between words left out of the
 * stream (a jump in RTP timestamps), the way a client stops sending while its user is quiet.
 */
function toneAnswer(count: number, pausesBefore: Record<number, number>): SpokenAnswer & { words: string[] } {
  const script = toneScript(count, { leadSec: 0, pausesBefore });
  const frames: Buffer[] = [];
  const gaps: { beforeFrame: number; ms: number }[] = [];
  for (const [i, word] of script.words.entries()) {
    const previous = script.words[i - 1];
    if (previous) gaps.push({ beforeFrame: frames.length, ms: Math.round((word.start - previous.end) * 1000) });
    const mono = resampleMono(toneWordsPcm([{ ...word, start: 0, end: word.end - word.start }], word.end - word.start), 16_000, 48_000);
    const stereo = Buffer.alloc(mono.length * 4);
    for (let s = 0; s < mono.length; s++) {
      stereo.writeInt16LE(mono[s] ?? 0, 4 * s);
      stereo.writeInt16LE(mono[s] ?? 0, 4 * s + 2);
    }
    frames.push(...encodeOpusFrames(stereo));
  }
  const last = script.words.at(-1);
  return { frames, gaps, durationSec: last?.end ?? 0, pauseSec: 0, words: script.words.map((w) => `w${w.n}`) };
}

describe('Discord voice: transcribed while people speak', () => {
  it('sends finished stretches of an answer while it is spoken, and the merged transcript keeps every word once, in order, at its time', async () => {
    harness = await VoiceHarness.start({ dave: true, inChannel: ['alice'], env: { TRANSCRIBE_CHUNK_SECONDS: '1' }, shortQuestions: true });
    const h = harness;
    onTestFailed(() => console.log('voice failures:', h.events.failure, 'fake voice server errors:', h.voiceServer.errors));
    h.openai.setDefault('transcriptions', listeningReply());
    // Ten words, 0.7 s apart, with one 1.6 s pause before the seventh.
    const answer = toneAnswer(10, { 6: 1.6 });

    const { sessionId, threadId } = await h.startRound({ questions: 1 });
    await h.waitForSsrc(sessionId, ['alice']);
    await h.speak('alice', answer);
    await h.pressDone('alice', sessionId, threadId);
    await h.waitForFeedback(threadId, 'alice');

    // Two or more chunks went out while Alice spoke; at the end only the tail was left.
    const sentWhileSpeaking = h.events.answerCaptured[0]?.chunksSent ?? 0;
    expect(sentWhileSpeaking).toBeGreaterThanOrEqual(2);
    expect(h.openai.callsTo('transcriptions').length).toBe(sentWhileSpeaking + 1);
    const asked = (await h.services.engine.current(sessionId)).question;
    const alice = await h.services.repos.identity.findUser('discord', platformUserId(h.userId('alice')));
    const stored = alice ? await h.services.repos.answers.findForQuestion(asked.id, alice.id) : undefined;
    expect(stored?.status).toBe('scored');
    expect(stored?.transcript).toBe(answer.words.join(' '));
    // The pause measured from the merged words is the one Alice left, wherever the cuts fell.
    const metrics = stored ? (await h.services.repos.answers.record(stored.id))?.metrics : undefined;
    expect(metrics?.pauseCount).toBe(1);
    expect(Math.abs((metrics?.pauseLongestSec ?? 0) - 1.6)).toBeLessThan(0.15);
  });
});
