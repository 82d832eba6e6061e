// storage: SQLite and PostgreSQL
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { resampleMono } from '../../src/pipeline/audio/index.js';
import { VoiceRoundStatus } from '../../src/bot/discord/voice/voiceRoundState.js';
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

/** 16 kHz mono → 48 kHz stereo Opus frames, as a Discord client sends them. */
function framesOf(mono16k: Int16Array): Buffer[] {
  const mono = resampleMono(mono16k, 16_000, 48_000);
  const stereo = Buffer.alloc(mono.length * 4);
  for (let s = 0; s < mono.length; s++) {
    stereo.writeInt16LE(mono[s] ?? 0, 4 * s);
    stereo.writeInt16LE(mono[s] ?? 0, 4 * s + 2);
  }
  return encodeOpusFrames(stereo);
}

/**
 * A push-to-talk answer: the client sends `leadSec` of silence (the person holding the key while they think)
 * before four tone words, so the first word sits `leadSec` into the recording.
 */
function answerAfterLeadIn(leadSec: number): SpokenAnswer {
  const script = toneScript(4, { leadSec });
  const pcm = toneWordsPcm(script.words, script.durationSec);
  return { frames: framesOf(pcm), gaps: [], durationSec: script.durationSec, pauseSec: 0 };
}

describe('Discord voice: time to first word', () => {
  it('measures from the end of the spoken question to the first word, stores it and shows it on the card', async () => {
    harness = await VoiceHarness.start({ dave: true, inChannel: ['alice'], shortQuestions: true });
    const h = harness;
    onTestFailed(() => console.log('voice failures:', h.events.failure, 'fake voice server errors:', h.voiceServer.errors));
    h.openai.setDefault('transcriptions', listeningReply());
    const leadSec = 1.5;
    const answer = answerAfterLeadIn(leadSec);

    const { sessionId, threadId } = await h.startRound({ questions: 1 });
    // Listening began when the question had been played to its end: the reference point of the figure.
    const state = h.voice.manager.round(sessionId)?.state;
    if (state?.status !== VoiceRoundStatus.Listening) throw new Error(`not listening: ${state?.status}`);
    await h.waitForSsrc(sessionId, ['alice']);
    const speakingAt = performance.now();
    await h.speak('alice', answer);
    await h.pressDone('alice', sessionId, threadId);
    const feedback = await h.waitForFeedback(threadId, 'alice');

    // The silence before Alice's client sent anything, plus the lead-in inside her recording.
    const expected = (speakingAt - state.startedAt) / 1000 + leadSec;
    const asked = (await h.services.engine.current(sessionId)).question;
    const alice = await h.services.repos.identity.findUser('discord', platformUserId(h.userId('alice')));
    const stored = alice ? await h.services.repos.answers.findForQuestion(asked.id, alice.id) : undefined;
    expect(stored?.status).toBe('scored');
    const metrics = stored ? (await h.services.repos.answers.record(stored.id))?.metrics : undefined;
    const measured = metrics?.firstWordSec ?? null;
    expect(measured).not.toBeNull();
    onTestFailed(() => console.log(`time to first word: measured ${measured} s, expected ${expected.toFixed(3)} s`));
    // Opus framing, the VAD's onset and loopback delivery under load: well under a quarter second together.
    expect(Math.abs((measured ?? 0) - expected)).toBeLessThanOrEqual(0.25);
    expect(measured ?? 0).toBeGreaterThanOrEqual(leadSec - 0.05);

    const text = VoiceHarness.text(feedback);
    expect(text).toContain(`first word ${(measured ?? 0).toFixed(1)} s after the question`);
    expect(text).toMatch(/guideline 1–4 s/);
  });
});
