/**
 * The simulated side of the voice load benchmark, in its own process so the bot process's CPU, memory and event
 * loop are its own: the fake voice server (TLS gateway, UDP, DAVE) and N simulated speakers sending speech at
 * real pace. Driven over IPC by voiceLoad.bench.ts.
 */
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { FakeVoiceServer } from '../test/fakes/discord/voice/FakeVoiceServer.js';
import { phraseFrames } from '../test/discordVoice/spokenAnswer.js';

export type ParentMessage =
  | { type: 'start'; dave: boolean; channelId: string; userIds: string[] }
  | { type: 'speak'; seconds: number }
  | { type: 'stop' };

export type ChildMessage =
  | { type: 'ready'; endpoint: string; token: string; certPem: string }
  | { type: 'spoken'; sent: Record<string, number>; undelivered: number; errors: string[]; cpuMs: number; elu: number; wallMs: number };

const PHRASES = [
  'So the reconciler compares the new tree with the old one.',
  'Keys let React match list items between renders.',
  'Memo can skip work when the props are equal.',
  'That cut our render time by about eighty percent.',
];
/** Pauses between phrases, left out of the stream like a real client does. */
const PAUSE_MS = 400;

let server: FakeVoiceServer | undefined;

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function speech(seconds: number): Promise<{ frames: Buffer[]; gaps: { beforeFrame: number; ms: number }[] }> {
  const phrases = await Promise.all(PHRASES.map((p) => phraseFrames(p)));
  const frames: Buffer[] = [];
  const gaps: { beforeFrame: number; ms: number }[] = [];
  let ms = 0;
  for (let i = 0; ms < seconds * 1000; i++) {
    const phrase = phrases[i % phrases.length] ?? [];
    if (i > 0) {
      gaps.push({ beforeFrame: frames.length, ms: PAUSE_MS });
      ms += PAUSE_MS;
    }
    frames.push(...phrase);
    ms += phrase.length * 20;
  }
  return { frames, gaps };
}

process.on('message', (message: ParentMessage) => {
  handle(message).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});

async function handle(message: ParentMessage): Promise<void> {
  if (message.type === 'start') {
    // PEM text differs between calls; certificates are compared by fingerprint.
    const fingerprint = (pem: string): string => new X509Certificate(pem).fingerprint256;
    const before = new Set(tls.getCACertificates('default').map(fingerprint));
    server = await FakeVoiceServer.start({ daveProtocolVersion: message.dave ? 1 : 0, channelId: message.channelId });
    // The fake trusts its certificate in this process only; the bot's process is told which one to trust.
    const certPem = tls.getCACertificates('default').find((pem) => !before.has(fingerprint(pem))) ?? '';
    for (const userId of message.userIds) server.addSpeaker({ userId });
    send({ type: 'ready', endpoint: server.endpoint, token: server.token, certPem });
    return;
  }
  if (message.type === 'speak') {
    if (!server) throw new Error('not started');
    // With DAVE, everyone's keys must be in the bot's group first (as in a real channel, where people join over time).
    await server.waitForSessionReady(120_000);
    const { frames, gaps } = await speech(message.seconds);
    const cpu = process.cpuUsage();
    const elu = performance.eventLoopUtilization();
    const started = performance.now();
    const speakers = [...server.speakers.values()];
    const sent: Record<string, number> = {};
    // Staggered starts, as people do not all begin on the same millisecond.
    await Promise.all(
      speakers.map(async (speaker, i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * 20) / speakers.length));
        const packets = await speaker.speak(frames, { gaps });
        sent[speaker.userId] = packets.length;
      }),
    );
    const used = process.cpuUsage(cpu);
    send({
      type: 'spoken',
      sent,
      undelivered: server.undeliveredSpeakerPackets,
      errors: server.errors.map((e) => e.message),
      cpuMs: (used.user + used.system) / 1000,
      elu: performance.eventLoopUtilization(elu).utilization,
      wallMs: performance.now() - started,
    });
    return;
  }
  await server?.close();
  process.exit(0);
}
