/**
 * N simulated speakers (a separate process, the voice load harness) present in a voice round of the bot as it runs,
 * with every speaker's SSRC known to the bot: the starting point of the gateway CPU and voice load benchmarks.
 */
import { performance } from 'node:perf_hooks';
import type { VoicePresence } from '../src/bot/discord/voice/index.js';
import { trustCertificate } from '../test/fakes/discord/voice/trustCertificate.js';
import { nextEvent, startBotStack, startVoiceRound, type BotStack } from './voiceBotStack.js';
import { SpeakerProcess } from './voiceLoadSpeakerProcess.js';

export interface SpeakersInRound {
  stack: BotStack;
  child: SpeakerProcess;
  round: VoicePresence;
  userIds: string[];
  /** From starting the bot to every speaker's SSRC mapped. */
  joinSec: number;
  close(): Promise<void>;
}

export async function joinSpeakersInRound(options: { speakers: number; dave: boolean; maxAnswerSec: number }): Promise<SpeakersInRound> {
  const usernames = Array.from({ length: options.speakers }, (_, i) => `speaker${String(i).padStart(3, '0')}`);
  const child = new SpeakerProcess();
  let stack: BotStack | undefined;
  let untrust = (): void => undefined;
  const close = async (): Promise<void> => {
    await stack?.stop().catch(() => undefined);
    await child.stop();
    untrust();
  };
  try {
    // Users are created in the fake first so their ids are known; the voice server then gets them as speakers.
    const joinStarted = performance.now();
    const started = await startBotStack({ usernames, voiceServer: { endpoint: '127.0.0.1:1', token: 'x' }, voice: { maxAnswerSec: options.maxAnswerSec } });
    stack = started;
    const userIds = usernames.map((u) => started.fake.user(u).id);
    child.send({ type: 'start', dave: options.dave, channelId: started.fake.guild.voiceChannel.id, userIds });
    const ready = await child.next('ready', 120_000);
    untrust = trustCertificate(ready.certPem);
    started.fake.setVoiceServer({ endpoint: ready.endpoint, token: ready.token });

    startVoiceRound(started, { questions: 1, host: usernames[0] ?? '' });
    const listening = await nextEvent(started.voice, 'listening', () => true, 120_000);
    const round = started.voice.manager.round(listening.sessionId)?.presence;
    const connection = round?.connection;
    if (!round || !connection) throw new Error('no voice round');
    const deadline = Date.now() + 60_000;
    while (!userIds.every((id) => connection.receiver.ssrcMap.get(id))) {
      if (Date.now() > deadline) throw new Error('SSRC mapping incomplete');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { stack: started, child, round, userIds, joinSec: (performance.now() - joinStarted) / 1000, close };
  } catch (error) {
    await close();
    throw error;
  }
}
