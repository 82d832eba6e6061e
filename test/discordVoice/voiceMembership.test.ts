// storage: SQLite and PostgreSQL
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { spokenAnswer } from './spokenAnswer.js';
import { VoiceHarness, useFillerTranscript } from './voiceHarness.js';
import { platformUserId } from '../helpers/ids.js';

let harness: VoiceHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function start(inChannel: string[]): Promise<VoiceHarness> {
  harness = await VoiceHarness.start({ dave: true, inChannel, shortQuestions: true });
  const h = harness;
  useFillerTranscript(h.openai);
  onTestFailed(() => console.log('voice failures:', h.events.failure, 'fake errors:', h.voiceServer.errors));
  return h;
}

describe('Discord voice rounds: who answers', () => {
  it('hot seat: only the person in the seat is recorded, the seat rotates, the summary ranks nobody', async () => {
    const h = await start(['alice', 'bob']);
    const answer = await spokenAnswer(['I would add a cache.'], 0);
    const { sessionId, threadId } = await h.startRound({ questions: 2, round: 'hot-seat' });
    expect(h.events.listening[0]?.userIds).toEqual([h.userId('alice')]);
    expect(h.questionMessage(threadId).embeds[0]?.['description']).toContain(`🔥 <@${h.userId('alice')}>'s turn`);
    await h.waitForSsrc(sessionId, ['alice', 'bob']);

    // Bob talks during Alice's turn: not recorded, not uploaded.
    await Promise.all([h.speak('alice', answer), h.speak('bob', answer)]);
    await h.pressDone('alice', sessionId, threadId);
    await h.waitForFeedback(threadId, 'alice', 1);
    const second = await h.waitFor('listening', (e) => e.questionId !== h.events.listening[0]?.questionId);
    expect(second.userIds).toEqual([h.userId('bob')]);
    expect(h.feedback(threadId, 'bob', 1)).toBeUndefined();

    await h.waitForSsrc(sessionId, ['bob']);
    await h.speak('bob', answer);
    await h.pressDone('bob', sessionId, threadId);
    await h.waitForFeedback(threadId, 'bob', 2);
    expect(h.uploadedWavs()).toHaveLength(2);
    expect(h.events.answerCaptured.map((e) => e.userId)).toEqual([h.userId('alice'), h.userId('bob')]);

    await h.waitFor('left', (e) => e.sessionId === sessionId);
    const summary = VoiceHarness.text(h.threadMessage(threadId, '🏁 Round complete'));
    expect(summary).toContain(`<@${h.userId('alice')}>`);
    expect(summary).not.toMatch(/🥇|🥈/);
  });

  it('a late joiner answers from the next question; a leaver is waited for, then the round goes on without them', async () => {
    const h = await start(['alice', 'bob']);
    const answer = await spokenAnswer(['Then measure it.'], 0);
    const { sessionId, threadId } = await h.startRound({ questions: 2 });
    expect(h.events.listening[0]?.userIds.sort()).toEqual([h.userId('alice'), h.userId('bob')].sort());

    h.moveUser('carol', h.fake.guild.voiceChannel.id);
    h.moveUser('bob', null);
    await h.waitForSsrc(sessionId, ['alice']);
    await h.speak('alice', answer);
    await h.pressDone('alice', sessionId, threadId);
    await h.waitForFeedback(threadId, 'alice', 1);
    // Bob stays away past the grace: he leaves the session and question 1 no longer waits for him.
    await h.waitFor('participantLeft', (e) => e.userId === h.userId('bob'));
    const second = await h.waitFor('listening', (e) => e.questionId !== h.events.listening[0]?.questionId);
    expect(second.userIds.sort()).toEqual([h.userId('alice'), h.userId('carol')].sort());
    expect((await h.services.engine.participants(sessionId)).map((p) => p.platformUserId).sort()).toEqual([h.userId('alice'), h.userId('carol')].sort());

    await h.waitForSsrc(sessionId, ['alice', 'carol']);
    await Promise.all([h.speak('alice', answer), h.speak('carol', answer)]);
    await h.pressDone('alice', sessionId, threadId);
    await h.pressDone('carol', sessionId, threadId);
    await Promise.all([h.waitForFeedback(threadId, 'alice', 2), h.waitForFeedback(threadId, 'carol', 2)]);
    await h.waitFor('left', (e) => e.sessionId === sessionId);
    expect(h.events.failure).toEqual([]);
  });

  it('ends the round and leaves when everyone has left the channel; answers stay saved', async () => {
    const h = await start(['alice']);
    const answer = await spokenAnswer(['I would add a cache.'], 0);
    const { sessionId, threadId } = await h.startRound({ questions: 3 });
    await h.waitForSsrc(sessionId, ['alice']);
    await h.speak('alice', answer);
    await h.pressDone('alice', sessionId, threadId);
    await h.waitForFeedback(threadId, 'alice', 1);
    await h.waitFor('listening', (e) => e.questionId !== h.events.listening[0]?.questionId);

    h.moveUser('alice', null);
    await h.waitFor('left', (e) => e.sessionId === sessionId);
    expect((await h.services.engine.get(sessionId)).status).toBe('ended');
    expect(h.threadMessage(threadId, '👋 Everyone left the voice channel')).toBeDefined();
    expect(h.threadMessage(threadId, '🏁 Round complete')).toBeDefined();
    await h.fake.waitForVoiceStateRequest((r) => r.channelId === null);
    const alice = await h.services.repos.identity.findUser('discord', platformUserId(h.userId('alice')));
    const first = await h.services.repos.sessions.questionAt(sessionId, 0);
    expect(first && alice ? (await h.services.repos.answers.findForQuestion(first.id, alice.id))?.status : undefined).toBe('scored');
  });
});
