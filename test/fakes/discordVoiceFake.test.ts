import { Readable } from 'node:stream';
import {
  AudioPlayerStatus,
  EndBehaviorType,
  StreamType,
  VoiceConnectionStatus,
  createAudioPlayer,
  createAudioResource,
  entersState,
  joinVoiceChannel,
  type AudioReceiveStream,
  type VoiceConnection,
} from '@discordjs/voice';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { FakeVoiceServer } from './discord/voice/FakeVoiceServer.js';
import { createFakeVoiceAdapter } from './discord/voice/fakeVoiceAdapter.js';
import { PCM_BYTES_PER_FRAME, decodeOpusFrames, toneOpusFrames } from './discord/voice/opusFrames.js';

const GUILD_ID = '1000000000000000001';
const CHANNEL_ID = '1000000000000000002';
const BOT_ID = '1000000000000000003';
const ALICE = '1000000000000000004';
const BOB = '1000000000000000005';
/** What @discordjs/voice's AudioPlayer sends after a resource ends (5 frames) to avoid interpolation. */
const SILENCE_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);

interface Harness {
  server: FakeVoiceServer;
  connection: VoiceConnection;
  joins: { channelId: string | null }[];
  connectionErrors: Error[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function join(options: { dave: boolean; speakers?: string[] }): Promise<Harness> {
  const server = await FakeVoiceServer.start({ daveProtocolVersion: options.dave ? 1 : 0, channelId: CHANNEL_ID });
  cleanups.push(() => server.close());
  for (const userId of options.speakers ?? []) server.addSpeaker({ userId });
  const { adapterCreator, requests } = server.adapter({ userId: BOT_ID });
  const connection = joinVoiceChannel({
    channelId: CHANNEL_ID,
    guildId: GUILD_ID,
    adapterCreator,
    selfDeaf: false,
    daveEncryption: true,
    debug: true,
  });
  cleanups.push(() => {
    if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
  });
  const debugLog: string[] = [];
  const connectionErrors: Error[] = [];
  connection.on('debug', (line) => debugLog.push(line));
  connection.on('error', (error) => connectionErrors.push(error));
  onTestFailed(() => {
    console.log(`voice debug (last 60 lines):\n${debugLog.slice(-60).join('\n')}`);
    console.log('fake errors:', server.errors);
  });
  await entersState(connection, VoiceConnectionStatus.Ready, 5_000);
  await server.waitForSessionReady();
  // op 5 SPEAKING may still be queued behind op 4 in the client; audio before it is dropped (unknown SSRC).
  const speakers = options.speakers ?? [];
  await server.waitFor(() => speakers.every((id) => connection.receiver.ssrcMap.get(id)), 'SSRC mapping in the bot');
  return { server, connection, joins: requests, connectionErrors };
}

/** Collects `count` Opus packets from a receive stream (the library pushes one per RTP packet it accepted). */
function collect(stream: AudioReceiveStream, count: number, timeoutMs = 5_000): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const frames: Buffer[] = [];
    const timer = setTimeout(() => {
      stream.off('data', onData);
      reject(new Error(`received ${frames.length}/${count} frames`));
    }, timeoutMs);
    const onData = (frame: Buffer): void => {
      frames.push(frame);
      if (frames.length < count) return;
      clearTimeout(timer);
      stream.off('data', onData);
      resolve(frames);
    };
    stream.on('data', onData);
    stream.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function daveVersionOf(connection: VoiceConnection): number | undefined {
  const state = connection.state;
  if (state.status !== VoiceConnectionStatus.Ready) return undefined;
  const networking = state.networking.state;
  return 'dave' in networking ? (networking.dave?.protocolVersion ?? 0) : undefined;
}

describe.each([
  { dave: true, label: 'DAVE on' },
  { dave: false, label: 'DAVE off' },
])('fake Discord voice server with @discordjs/voice ($label)', ({ dave }) => {
  it('negotiates the session and delivers a simulated user’s Opus frames byte-exactly', async () => {
    const { server, connection, connectionErrors } = await join({ dave, speakers: [ALICE] });
    const session = server.session;
    expect(session?.identify).toMatchObject({ serverId: GUILD_ID, userId: BOT_ID, maxDaveProtocolVersion: 1 });
    expect(session?.daveProtocolVersion).toBe(dave ? 1 : 0);
    expect(daveVersionOf(connection)).toBe(dave ? 1 : 0);
    if (dave) {
      // Same MLS group on both ends ⇒ same privacy code.
      expect(connection.voicePrivacyCode).toMatch(/\d{5}/);
      expect(connection.voicePrivacyCode).toBe(server.dave.voicePrivacyCode(ALICE));
    }

    const stream = connection.receiver.subscribe(ALICE, { end: { behavior: EndBehaviorType.Manual } });
    const frames = toneOpusFrames(1_000, 330);
    const alice = server.speakers.get(ALICE);
    if (!alice) throw new Error('speaker missing');
    const received = collect(stream, frames.length);
    const sent = await alice.speak(frames, { realtime: false });
    expect(await received).toEqual(frames);
    expect(sent.map((p) => (p.timestamp - (sent[0]?.timestamp ?? 0)) >>> 0)).toEqual(frames.map((_, i) => i * 960));
    expect(connectionErrors).toEqual([]);
    expect(server.errors).toEqual([]);
  });

  it('records what the bot plays: 1 s of Opus arrives as 50 frames plus the silence tail', async () => {
    const { server, connection } = await join({ dave, speakers: [ALICE] });
    const frames = toneOpusFrames(1_000, 523);
    const player = createAudioPlayer();
    connection.subscribe(player);
    player.play(createAudioResource(Readable.from(frames), { inputType: StreamType.Opus }));
    await entersState(player, AudioPlayerStatus.Playing, 2_000);
    await entersState(player, AudioPlayerStatus.Idle, 5_000);
    await server.waitFor(() => server.botSpeaking.some((e) => e.speaking === 0), 'bot speaking: 0');
    const played = await server.waitForBotFrames(frames.length);
    await new Promise((resolve) => setTimeout(resolve, 60)); // datagrams may trail the op 5 by a tick
    // The resource's frames byte-exactly, then the player's short silence tail (up to 5 × F8 FF FE).
    expect(played.slice(0, frames.length).map((f) => f.opus)).toEqual(frames);
    const tail = played.slice(frames.length);
    expect(tail.length).toBeGreaterThan(0);
    expect(tail.length).toBeLessThanOrEqual(5);
    expect(tail.every((f) => f.opus.equals(SILENCE_FRAME))).toBe(true);
    expect(played.slice(0, frames.length).every((f) => f.daveEncrypted === dave)).toBe(true);
    const pcm = decodeOpusFrames(played.slice(0, frames.length).map((f) => f.opus));
    expect(pcm.length).toBe(frames.length * PCM_BYTES_PER_FRAME);
    const steps = played.slice(1).map((f, i) => [
      (f.sequence - (played[i]?.sequence ?? 0)) & 0xffff,
      (f.timestamp - (played[i]?.timestamp ?? 0)) >>> 0,
    ]);
    expect(steps.every(([seq, ts]) => seq === 1 && ts === 960)).toBe(true);
    const spanMs = (played.at(-1)?.receivedAt ?? 0) - (played[0]?.receivedAt ?? 0);
    expect(spanMs).toBeGreaterThan(900); // the player paces at 20 ms per frame
    expect(server.botSpeaking.map((e) => e.speaking)).toEqual([1, 0]);
    expect(server.botSpeaking[0]?.ssrc).toBe(server.session?.ssrc);
    expect(server.errors).toEqual([]);
  });
  it('is resumed by the library after a resumable close (4015) and keeps delivering audio', async () => {
    const { server, connection, joins } = await join({ dave, speakers: [ALICE] });
    const stream = connection.receiver.subscribe(ALICE, { end: { behavior: EndBehaviorType.Manual } });
    server.disconnectClient(4015);
    await server.waitFor(() => server.resumes.length === 1 && server.session?.connected, 'RESUME');
    await entersState(connection, VoiceConnectionStatus.Ready, 5_000);
    expect(server.resumes[0]).toMatchObject({ serverId: GUILD_ID, sessionId: server.session?.identify.sessionId });
    expect(server.identifies).toHaveLength(1);
    expect(joins).toHaveLength(1);
    const frames = toneOpusFrames(200, 440);
    const received = collect(stream, frames.length);
    await server.speakers.get(ALICE)?.speak(frames, { realtime: false });
    expect(await received).toEqual(frames);
    expect(server.errors).toEqual([]);
  });

  it('is rejoined by the library after a non-resumable close (4006): new IDENTIFY and session', async () => {
    const { server, connection, joins } = await join({ dave, speakers: [ALICE] });
    const firstSsrc = server.session?.ssrc;
    const stream = connection.receiver.subscribe(ALICE, { end: { behavior: EndBehaviorType.Manual } });
    server.disconnectClient(4006);
    await server.waitFor(() => server.identifies.length === 2, 'a second IDENTIFY');
    await server.waitForSessionReady();
    await entersState(connection, VoiceConnectionStatus.Ready, 5_000);
    expect(joins).toHaveLength(2); // the library asked the main gateway to rejoin
    expect(server.session?.ssrc).not.toBe(firstSsrc);
    if (dave) {
      expect(server.dave.executedTransitions).toHaveLength(2); // group rebuilt for the bot's new key package
      await server.waitFor(() => connection.voicePrivacyCode === server.dave.voicePrivacyCode(ALICE), 'same group');
    }
    const frames = toneOpusFrames(200, 660);
    const received = collect(stream, frames.length);
    await server.speakers.get(ALICE)?.speak(frames, { realtime: false });
    expect(await received).toEqual(frames);
    expect(server.errors).toEqual([]);
  });
});

describe('fake Discord voice server: DAVE membership changes', () => {
  it('bot alone → Alice joins (Welcome) → Bob joins (Add commit) → Alice leaves (Remove commit)', async () => {
    const { server, connection, connectionErrors } = await join({ dave: true });
    expect(connection.voicePrivacyCode).toBeFalsy(); // no group while the bot is alone
    const aliceStream = connection.receiver.subscribe(ALICE, { end: { behavior: EndBehaviorType.Manual } });
    const bobStream = connection.receiver.subscribe(BOB, { end: { behavior: EndBehaviorType.Manual } });
    const alice = server.addSpeaker({ userId: ALICE });
    await server.waitForSessionReady();
    const bob = server.addSpeaker({ userId: BOB });
    await server.waitForSessionReady();
    expect(server.dave.executedTransitions).toEqual([1, 2]);
    const sameGroupAsBob = (): boolean => connection.voicePrivacyCode === server.dave.voicePrivacyCode(BOB);
    await server.waitFor(sameGroupAsBob, 'bot and Bob share a group');
    expect(server.dave.voicePrivacyCode(ALICE)).toBe(server.dave.voicePrivacyCode(BOB));

    const aliceFrames = toneOpusFrames(200, 300);
    const bobFrames = toneOpusFrames(200, 600);
    const fromAlice = collect(aliceStream, aliceFrames.length);
    const fromBob = collect(bobStream, bobFrames.length);
    await Promise.all([alice.speak(aliceFrames, { realtime: false }), bob.speak(bobFrames, { realtime: false })]);
    expect(await fromAlice).toEqual(aliceFrames);
    expect(await fromBob).toEqual(bobFrames);

    server.removeSpeaker(ALICE);
    await server.waitForSessionReady();
    expect(server.dave.executedTransitions).toEqual([1, 2, 3]);
    await server.waitFor(sameGroupAsBob, 'the group after the removal');
    const moreBob = toneOpusFrames(100, 700);
    const fromBobAgain = collect(bobStream, moreBob.length);
    await bob.speak(moreBob, { realtime: false });
    expect(await fromBobAgain).toEqual(moreBob);
    // The bot answered each proposal batch (op 27) with its own commit (op 28), which the fake let lose.
    expect(server.botMessages.filter((m) => m.kind === 'binary' && m.op === 28)).toHaveLength(2);
    expect(connectionErrors).toEqual([]);
    expect(server.errors).toEqual([]);
  });
});

describe('fake Discord voice server: simulated speaker RTP', () => {
  it.each([
    { dave: false, delivered: [0, 1, 3, 4, 5, 5, 6, 8, 7, 9] },
    // davey rejects the replayed copy (same DAVE nonce), so with DAVE the bot never sees duplicates
    { dave: true, delivered: [0, 1, 3, 4, 5, 6, 8, 7, 9] },
  ])('drops, duplicates and reorders packets on request (DAVE $dave)', async ({ dave, delivered }) => {
    const { server, connection } = await join({ dave, speakers: [ALICE] });
    const stream = connection.receiver.subscribe(ALICE, { end: { behavior: EndBehaviorType.Manual } });
    const frames = toneOpusFrames(200, 440); // 10 distinct frames
    const received = collect(stream, delivered.length);
    const sent = await server.speakers.get(ALICE)?.speak(frames, {
      realtime: false,
      drop: [2],
      duplicate: [5],
      reorder: [7],
    });
    expect(sent?.map((p) => p.frameIndex)).toEqual([0, 1, 3, 4, 5, 5, 6, 8, 7, 9]);
    expect(await received).toEqual(delivered.map((i) => frames[i]));
    const bySlot = new Map(sent?.map((p) => [p.frameIndex, p]));
    // the lost frame still used up its sequence number and timestamp
    expect(((bySlot.get(3)?.sequence ?? 0) - (bySlot.get(1)?.sequence ?? 0)) & 0xffff).toBe(2);
    expect(((bySlot.get(3)?.timestamp ?? 0) - (bySlot.get(1)?.timestamp ?? 0)) >>> 0).toBe(2 * 960);
  });

  it('paces realtime speech at 20 ms per frame and leaves timestamp gaps for silences', async () => {
    const { server, connection } = await join({ dave: false, speakers: [ALICE] });
    const stream = connection.receiver.subscribe(ALICE, { end: { behavior: EndBehaviorType.Manual } });
    const arrivals: number[] = [];
    stream.on('data', () => arrivals.push(performance.now()));
    const frames = toneOpusFrames(200, 440);
    const started = performance.now();
    const sent = (await server.speakers.get(ALICE)?.speak(frames, { gaps: [{ beforeFrame: 5, ms: 300 }] })) ?? [];
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThan(9 * 20 + 300 - 15);
    expect(elapsed).toBeLessThan(9 * 20 + 300 + 250);
    const seqSteps = sent.slice(1).map((p, i) => (p.sequence - (sent[i]?.sequence ?? 0)) & 0xffff);
    const tsSteps = sent.slice(1).map((p, i) => (p.timestamp - (sent[i]?.timestamp ?? 0)) >>> 0);
    expect(seqSteps).toEqual(Array(9).fill(1)); // Discord omits silence: sequence runs on
    expect(tsSteps).toEqual([960, 960, 960, 960, 960 + 300 * 48, 960, 960, 960, 960]);
    await server.waitFor(() => arrivals.length === 10, '10 frames at the bot');
    expect((arrivals[5] ?? 0) - (arrivals[4] ?? 0)).toBeGreaterThan(200); // 300 ms minus scheduling jitter
  });

  it('sendOpus takes explicit RTP numbers and wraps sequence and timestamp', async () => {
    const { server } = await join({ dave: false, speakers: [ALICE] });
    const alice = server.speakers.get(ALICE);
    const [first, second] = toneOpusFrames(40);
    if (!alice || !first || !second) throw new Error('setup');
    expect(alice.sendOpus(first, { sequence: 0xffff, timestamp: 2 ** 32 - 960 })).toMatchObject({
      sequence: 0xffff,
      timestamp: 2 ** 32 - 960,
    });
    expect(alice.sendOpus(second)).toMatchObject({ sequence: 0, timestamp: 0 });
  });
});

describe('fake Discord voice server: DAVE required', () => {
  it('closes a client without DAVE support with 4017, as Discord does since 2026-03', async () => {
    const server = await FakeVoiceServer.start({ requireDave: true });
    cleanups.push(() => server.close());
    const connection = joinVoiceChannel({
      channelId: CHANNEL_ID,
      guildId: GUILD_ID,
      adapterCreator: server.adapter({ userId: BOT_ID }).adapterCreator,
      selfDeaf: false,
      daveEncryption: false,
    });
    connection.on('error', () => {});
    cleanups.push(() => {
      if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
    });
    await server.waitFor(() => server.socketCloses.some((c) => c.code === 4017), 'a 4017 close');
    expect(server.identifies[0]?.maxDaveProtocolVersion).toBe(0);
    expect(connection.state.status).not.toBe(VoiceConnectionStatus.Ready);
  });
});

describe('fake Discord voice server: authentication', () => {
  it('closes IDENTIFY with a wrong token with 4004 when a token is configured', async () => {
    const server = await FakeVoiceServer.start({ token: 'expected-token' });
    cleanups.push(() => server.close());
    const { adapterCreator } = createFakeVoiceAdapter({ endpoint: server.endpoint, token: 'wrong', userId: BOT_ID });
    const connection = joinVoiceChannel({ channelId: CHANNEL_ID, guildId: GUILD_ID, adapterCreator, selfDeaf: false });
    connection.on('error', () => {});
    cleanups.push(() => {
      if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
    });
    await server.waitFor(() => server.socketCloses.some((c) => c.code === 4004), 'a 4004 close');
    expect(server.identifies[0]?.token).toBe('wrong');
    expect(server.session).toBeUndefined();
  });
});
