// storage: SQLite and PostgreSQL
import { AudioPlayerStatus, VoiceConnectionStatus, getVoiceConnection, type AudioPlayer, type VoiceConnection } from '@discordjs/voice';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import type { LiveVoiceRounds, ParticipantCapture } from '../../src/bot/discord/voice/index.js';
import { spokenAnswer } from './spokenAnswer.js';
import type { SessionId } from '../helpers/ids.js';
import { VoiceHarness, useFillerTranscript, type VoiceHarnessOptions } from './voiceHarness.js';
import { inChannel } from '../helpers/locations.js';
import { threadOf } from '../helpers/locations.js';

let harness: VoiceHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function start(options: Partial<VoiceHarnessOptions> = {}): Promise<VoiceHarness> {
  harness = await VoiceHarness.start({ dave: false, shortQuestions: true, ...options });
  const h = harness;
  useFillerTranscript(h.openai);
  onTestFailed(() => console.log('voice failures:', h.events.failure, 'live:', h.voice.manager.live()));
  return h;
}

/** No connection, watcher, tap, player, playback, capture, join attempt or timer held by any round. */
const NOTHING_HELD = { join: 0, connection: 0, watcher: 0, tap: 0, player: 0, playback: 0, capture: 0, timer: 0 };

/** Voice that gives up quickly: one rejoin after a 300 ms window, 800 ms for Ready. */
const QUICK_TO_GIVE_UP = { reconnectWindowMs: 300, readyTimeoutMs: 800, maxRejoins: 1 };

interface Handles {
  connection: VoiceConnection;
  player: AudioPlayer;
  captures: ParticipantCapture[];
}

/** The real objects a round holds in voice, to check after it let go of them. */
function handlesOf(h: VoiceHarness, sessionId: SessionId): Handles {
  const presence = h.voice.manager.round(sessionId)?.presence;
  if (!presence?.connection) throw new Error('the round is not in voice');
  return { connection: presence.connection, player: presence.player, captures: presence.captures() };
}

/** The library's own view: connection destroyed, no receive stream left on it, the player stopped and unsubscribed. */
function expectReleased({ connection, player, captures }: Handles): void {
  expect(connection.state.status).toBe(VoiceConnectionStatus.Destroyed);
  // Nor any other connection the library still tracks for the guild (a fresh join that failed, say).
  expect(getVoiceConnection(connection.joinConfig.guildId)).toBeUndefined();
  // Every receive stream is destroyed (the library forgets each one on its 'close', a tick later).
  expect([...connection.receiver.subscriptions.values()].filter((stream) => !stream.destroyed)).toEqual([]);
  expect(player.state.status).toBe(AudioPlayerStatus.Idle);
  expect(player.playable).toEqual([]);
  for (const capture of captures) {
    expect(capture.closed).toBe(true);
    expect(capture.subscribed).toBe(false);
    expect(capture.questionId).toBeNull();
  }
}

const inVoice = (live: LiveVoiceRounds): boolean => live.connection === 1 && live.watcher === 1 && live.tap === 1 && live.player === 1;

describe('a voice round lets go of everything it held', () => {
  it('ended mid-answer, with a leaver being waited for: no connection, subscription, capture or timer remains', async () => {
    const h = await start({ inChannel: ['alice', 'bob'], env: { SILENCE_END_SECONDS: '30' }, voice: { absenceGraceMs: 600_000 } });
    const answer = await spokenAnswer(['I would add a cache.'], 0);
    const { sessionId, threadId } = await h.startRound({ questions: 2 });
    await h.waitForSsrc(sessionId, ['alice', 'bob']);
    // Bob leaves (his grace timer runs); Alice is mid-answer (her capture records, the silence clock ticks).
    h.moveUser('bob', null);
    await h.speak('alice', answer);
    await h.waitForDelivery('alice');
    const handles = handlesOf(h, sessionId);
    const before = h.voice.manager.live();
    expect(inVoice(before)).toBe(true);
    // The silence clock and Bob's grace timer; Alice's capture (Bob's was closed when he left).
    expect(before.timer).toBe(2);
    expect(before.capture).toBe(1);
    expect(handles.connection.receiver.subscriptions.size).toBe(1);

    h.fake.clickButton({ customId: `ic:end:${sessionId}`, messageId: h.questionMessage(threadId).id, user: h.fake.user('alice') });
    await h.waitFor('left', (e) => e.sessionId === sessionId);

    expect(h.voice.manager.live()).toEqual({ rounds: 0, guilds: 0, ...NOTHING_HELD });
    expectReleased(handles);
    expect(h.voice.manager.round(sessionId)).toBeUndefined();
    await h.fake.waitForVoiceStateRequest((r) => r.channelId === null);
    expect(h.events.failure).toEqual([]);
  });

  it('degraded (voice lost for good): holds nothing but the round, and the text round then ends cleanly', async () => {
    const h = await start({ inChannel: ['alice'], voice: { ...QUICK_TO_GIVE_UP, joinTimeoutMs: 1_500 } });
    const { sessionId, threadId } = await h.startRound({ questions: 2 });
    await h.waitForSsrc(sessionId, ['alice']);
    const handles = handlesOf(h, sessionId);
    expect(handles.captures).toHaveLength(1);

    // The gateway never answers op 4 again: the rejoins and the fresh join all time out.
    h.fake.autoAnswerVoice = false;
    h.voiceServer.disconnectClient(4014);
    await h.waitFor('degraded', (e) => e.sessionId === sessionId, 15_000);

    expect(h.voice.manager.round(sessionId)?.state.status).toBe('degraded');
    expect(h.voice.manager.live()).toEqual({ rounds: 1, guilds: 1, ...NOTHING_HELD });
    // Nothing resubscribed on the dead connection's receiver.
    expectReleased(handles);

    h.fake.sendMessage({ channelId: threadId, author: h.fake.user('alice'), content: 'I would add a cache in front of the database and measure the hit rate.' });
    await h.waitForFeedback(threadId, 'alice', 1);
    await h.fake.waitUntil(() => h.threadMessage(threadId, 'Question 2/2'), 10_000, 'question 2');
    // Question 2 asked while degraded: nothing was taken up for it.
    expect(h.voice.manager.live()).toEqual({ rounds: 1, guilds: 1, ...NOTHING_HELD });
    h.fake.sendMessage({ channelId: threadId, author: h.fake.user('alice'), content: 'Then I would roll it out behind a flag and watch the error rate.' });
    await h.waitFor('left', (e) => e.sessionId === sessionId);
    expect(h.voice.manager.live()).toEqual({ rounds: 0, guilds: 0, ...NOTHING_HELD });
  });

  it('kicked mid-answer and not let back in: what was said is still the answer, and nothing is left behind', async () => {
    const h = await start({ inChannel: ['alice'], env: { SILENCE_END_SECONDS: '30' }, voice: { ...QUICK_TO_GIVE_UP, joinTimeoutMs: 1_500 } });
    const answer = await spokenAnswer(['Keys let React match list items.'], 0);
    const { sessionId, threadId } = await h.startRound({ questions: 1 });
    await h.waitForSsrc(sessionId, ['alice']);
    await h.speak('alice', answer);
    await h.waitForDelivery('alice');
    const handles = handlesOf(h, sessionId);
    expect(handles.captures[0]?.packets).toBe(answer.frames.length);

    // A moderator disconnects the bot: its voice state goes, the voice server closes with 4014, op 4 gets no answer.
    h.fake.autoAnswerVoice = false;
    h.fake.setVoiceState({ user: h.fake.botUser, channelId: null });
    h.voiceServer.disconnectClient(4014);
    await h.waitFor('degraded', (e) => e.sessionId === sessionId, 15_000);
    expect(h.voice.manager.live()).toEqual({ rounds: 1, guilds: 1, ...NOTHING_HELD });
    expectReleased(handles);

    // Her answer was ended when voice went, not dropped: it is scored and the round finishes.
    const captured = await h.waitFor('answerCaptured', (e) => e.sessionId === sessionId);
    expect(captured.reason).toBe('stopped');
    expect(captured.audio.stats.packets).toBe(answer.frames.length);
    await h.waitForFeedback(threadId, 'alice', 1);
    await h.waitFor('left', (e) => e.sessionId === sessionId);
    expect(h.voice.manager.live()).toEqual({ rounds: 0, guilds: 0, ...NOTHING_HELD });
  });

  it('ended while the question is still being spoken: the playback stops and nothing is recorded', async () => {
    const h = await start({ inChannel: ['alice'], shortQuestions: false });
    h.sendRoundCommand({ questions: 2 });
    await h.voiceServer.waitForBotFrames(5, 20_000);
    const { sessionId } = await h.waitFor('joined');
    const threadId = threadOf(await h.services.engine.get(sessionId)) ?? '';
    const handles = handlesOf(h, sessionId);
    expect(h.voice.manager.round(sessionId)?.state.status).toBe('speaking');
    expect(h.voice.manager.live()).toMatchObject({ playback: 1, player: 1, connection: 1 });
    expect(handles.player.state.status).toBe(AudioPlayerStatus.Playing);

    h.fake.clickButton({ customId: `ic:end:${sessionId}`, messageId: h.questionMessage(threadId).id, user: h.fake.user('alice') });
    await h.waitFor('left', (e) => e.sessionId === sessionId);
    expect(h.voice.manager.live()).toEqual({ rounds: 0, guilds: 0, ...NOTHING_HELD });
    expectReleased(handles);
    expect(h.events.questionSpoken).toEqual([]);
    expect(h.events.listening).toEqual([]);
  });

  it('ended while a lost connection is being replaced: the fresh join is aborted and leaves no connection', async () => {
    const h = await start({ inChannel: ['alice'], voice: { ...QUICK_TO_GIVE_UP, joinTimeoutMs: 600_000 } });
    const { sessionId, threadId } = await h.startRound({ questions: 2 });
    await h.waitForSsrc(sessionId, ['alice']);
    const handles = handlesOf(h, sessionId);

    h.fake.autoAnswerVoice = false;
    h.voiceServer.disconnectClient(4014);
    await h.waitFor('connectionLost', (e) => e.sessionId === sessionId, 10_000);
    // Between connections: the fresh join is held; Alice's capture waits, listening to nothing.
    expect(h.voice.manager.round(sessionId)?.connection).toBeNull();
    expect(h.voice.manager.live()).toMatchObject({ join: 1, connection: 0, watcher: 0, capture: 1 });
    expect(handles.captures[0]?.subscribed).toBe(false);

    const requestsBefore = h.fake.voiceStateRequests.length;
    h.fake.clickButton({ customId: `ic:end:${sessionId}`, messageId: h.questionMessage(threadId).id, user: h.fake.user('alice') });
    await h.waitFor('left', (e) => e.sessionId === sessionId);
    expect(h.voice.manager.live()).toEqual({ rounds: 0, guilds: 0, ...NOTHING_HELD });
    // The half-made fresh connection is given up too (its op 4 with no channel is what wakes this wait).
    await h.fake.waitUntil(() => (getVoiceConnection(h.fake.guild.id) === undefined ? true : undefined), 5_000, 'the fresh connection given up');
    expect(h.fake.voiceStateRequests.slice(requestsBefore).some((r) => r.channelId === null)).toBe(true);
    expectReleased(handles);
    expect(h.events.degraded).toEqual([]);
  });

  it('left while still joining: the join is aborted and no connection is made afterwards', async () => {
    const h = await start({ inChannel: ['alice'], voice: { joinTimeoutMs: 600_000 } });
    // The gateway takes op 4 but never answers it: the join waits.
    h.fake.autoAnswerVoice = false;
    h.sendRoundCommand({ questions: 1 });
    await h.fake.waitForVoiceStateRequest((r) => r.channelId !== null);
    const open = await h.services.engine.findOpen(inChannel(h.fake.guild.textChannel.id));
    if (!open) throw new Error('no open round in the channel');
    const sessionId = open.id;
    expect(h.voice.manager.round(sessionId)?.state.status).toBe('joining');
    expect(h.voice.manager.live()).toMatchObject({ rounds: 1, guilds: 1, join: 1, timer: 1 });

    await h.voice.leave(sessionId);
    expect(h.voice.manager.live()).toEqual({ rounds: 0, guilds: 0, ...NOTHING_HELD });
    // The half-made connection is given up (op 4 with no channel), the round goes on as text, and never joins.
    await h.fake.waitForVoiceStateRequest((r) => r.channelId === null);
    expect(getVoiceConnection(h.fake.guild.id)).toBeUndefined();
    const threadId = threadOf(await h.services.engine.get(sessionId)) ?? '';
    await h.fake.waitUntil(() => h.threadMessage(threadId, 'Question 1/1'), 10_000, 'question 1 as text');
    expect(h.events.joined).toEqual([]);
    expect(h.voice.manager.live()).toEqual({ rounds: 0, guilds: 0, ...NOTHING_HELD });
  });
});
