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
import { toneOpusFrames } from './discord/voice/opusFrames.js';

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
});
