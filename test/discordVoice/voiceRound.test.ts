// storage: SQLite and PostgreSQL
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { EspeakSpeaker } from '../../src/pipeline/speech/espeakSpeaker.js';
import { TRIM_MARGIN_SEC } from '../../src/pipeline/audio/index.js';
import { longestQuietSec, spokenAnswer, wavSamples } from './spokenAnswer.js';
import { VoiceHarness, useFillerTranscript } from './voiceHarness.js';
import { platformUserId, userId } from '../helpers/ids.js';
import { MessageFlag } from '../fakes/discord/index.js';

/** What @discordjs/voice's player sends after a resource (up to 5 frames) so the decoder does not interpolate. */
const SILENCE_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);

let harness: VoiceHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

function debugOnFailure(h: VoiceHarness): void {
  onTestFailed(() => {
    console.log('voice failures:', h.events.failure);
    console.log('fake voice server errors:', h.voiceServer.errors);
  });
}

describe('Discord voice round (DAVE on)', () => {
  it('speaks the question, records two people separately and gives each their own feedback', async () => {
    harness = await VoiceHarness.start({ dave: true, inChannel: ['alice', 'bob'] });
    const h = harness;
    debugOnFailure(h);
    useFillerTranscript(h.openai);
    const [aliceAnswer, bobAnswer] = await Promise.all([
      spokenAnswer(['React compares the new tree with the old one.', 'Keys let it match list items.'], 2),
      spokenAnswer(['I would memoize expensive children.'], 0),
    ]);

    const { sessionId, threadId } = await h.startRound({ questions: 1 });
    // Everyone in the channel at the start takes part.
    expect(h.events.joined[0]?.addedParticipants.sort()).toEqual([h.userId('alice'), h.userId('bob')].sort());
    expect(h.events.listening[0]?.userIds.sort()).toEqual([h.userId('alice'), h.userId('bob')].sort());

    // The question was played before listening started: the frames that reached the voice server match the TTS.
    const asked = (await h.services.engine.current(sessionId)).question;
    const tts = await new EspeakSpeaker().speak(asked.text);
    const expectedFrames = Math.ceil((tts.pcm.length / tts.sampleRate) * 50);
    const spoken = h.events.questionSpoken[0];
    expect(spoken?.frames).toBeGreaterThanOrEqual(expectedFrames - 1);
    expect(spoken?.frames).toBeLessThanOrEqual(expectedFrames + 1);
    const played = h.voiceServer.botFrames.filter((f) => !f.opus.equals(SILENCE_FRAME));
    expect(played.length).toBe(spoken?.frames);
    expect(played.every((f) => f.daveEncrypted)).toBe(true);
    expect(h.questionMessage(threadId).embeds[0]?.['description']).toContain(asked.text);

    await h.waitForSsrc(sessionId, ['alice', 'bob']);
    await Promise.all([h.speak('alice', aliceAnswer), h.speak('bob', bobAnswer)]);
    // Alice presses "I'm done"; Bob's answer ends with the silence window (SILENCE_END_SECONDS=3).
    await h.pressDone('alice', sessionId, threadId);
    const [aliceFeedback, bobFeedback] = await Promise.all([h.waitForFeedback(threadId, 'alice'), h.waitForFeedback(threadId, 'bob')]);

    const captured = new Map(h.events.answerCaptured.map((e) => [e.userId, e]));
    expect(captured.get(h.userId('alice'))?.reason).toBe('stopped');
    expect(captured.get(h.userId('bob'))?.reason).toBe('silence');
    for (const event of captured.values()) {
      expect(event.audio.stats.lost).toBe(0);
      expect(event.capture.estimatedHeaders).toBe(0);
    }

    // One upload each; each WAV lasts as long as that person spoke, and Alice's keeps her 2 s pause.
    const wavs = h.uploadedWavs().map((w) => wavSamples(w));
    expect(wavs).toHaveLength(2);
    const durations = wavs.map((w) => w.pcm.length / w.sampleRate).sort((a, b) => a - b);
    const expected = [bobAnswer.durationSec, aliceAnswer.durationSec];
    for (const [i, duration] of durations.entries()) {
      const want = expected[i] ?? 0;
      // Trimming keeps at most TRIM_MARGIN_SEC of silence at the end; there is none before the first word.
      expect(Math.abs(duration - want)).toBeLessThanOrEqual(Math.max(0.05 * want, 0.02));
      expect(duration).toBeLessThanOrEqual(want + TRIM_MARGIN_SEC);
    }
    const aliceWav = wavs.find((w) => Math.abs(w.pcm.length / w.sampleRate - aliceAnswer.durationSec) < 0.5);
    expect(aliceWav).toBeDefined();
    if (aliceWav) expect(Math.abs(longestQuietSec(aliceWav.pcm, aliceWav.sampleRate) - 2)).toBeLessThanOrEqual(0.15);

    // Each person's own feedback card: their mention, the fillers from the transcript, the pause from the audio.
    const aliceText = VoiceHarness.text(aliceFeedback);
    const bobText = VoiceHarness.text(bobFeedback);
    expect(aliceText).toMatch(/fillers 2 \(/);
    expect(aliceText).toMatch(/um ×1/);
    expect(bobText).toMatch(/fillers 2 \(/);
    expect(aliceFeedback.id).not.toBe(bobFeedback.id);
    // Progress was shown in the same message before it became the feedback card.
    expect(aliceFeedback.edits).toBeGreaterThanOrEqual(2);
    // Each live answer's card offers its owner the answer without the ums: Alice's comes as an ephemeral voice
    // message, her 2 s pause cut down to a breath each side.
    const replayId = JSON.stringify(aliceFeedback.components).match(/ic:replay:\d+/)?.[0];
    expect(replayId).toBeDefined();
    expect(JSON.stringify(bobFeedback.components)).toMatch(/ic:replay:\d+/);
    const press = h.fake.clickButton({ customId: replayId ?? '', messageId: aliceFeedback.id, user: h.userId('alice') });
    await press.waitForResponses(3, 15_000);
    const voiceMessage = press.followups().find((m) => (m.flags & MessageFlag.IsVoiceMessage) !== 0);
    expect((voiceMessage?.flags ?? 0) & MessageFlag.Ephemeral).not.toBe(0);
    expect(voiceMessage?.attachments[0]?.durationSecs ?? 99).toBeLessThan(aliceAnswer.durationSec - 1.5);

    // One question: the round ends, the summary is posted and the bot leaves the channel.
    await h.waitFor('left', (e) => e.sessionId === sessionId);
    await h.fake.waitForVoiceStateRequest((r) => r.channelId === null);
    expect((await h.services.repos.answers.findForQuestion(asked.id, (await h.services.repos.identity.findUser('discord', platformUserId(h.userId('alice'))))?.id ?? userId(1_000_000)))?.inputKind).toBe('voice');
    expect(h.events.failure).toEqual([]);
    expect(h.voiceServer.errors).toEqual([]);
  });
});
