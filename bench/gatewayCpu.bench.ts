// Gateway CPU per 100 speakers: the bot process (discord.js gateway, @discordjs/voice with DAVE, the voice rounds'
// capture) while N simulated speakers talk in a voice round, against the same process idle with the same N people in
// the round, measured in the same run. CPU seconds (process.cpuUsage), not wall time: the machine is shared.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { trustCertificate } from '../test/fakes/discord/voice/trustCertificate.js';
import { nextEvent, startBotStack, startVoiceRound, type BotStack } from './voiceBotStack.js';
import { SpeakerProcess } from './voiceLoadSpeakerProcess.js';

/** Speaker counts, one run each (DAVE on); override with GATEWAY_CPU="25,75". */
const COUNTS = (process.env.GATEWAY_CPU ?? '25,75').split(',').map(Number);
const IDLE_SEC = 15;
const SPEECH_SEC = 20;

interface Figures {
  speakers: number;
  idleCpuPerSec: number;
  speakingCpuPerSec: number;
  speakingWallSec: number;
  sent: number;
  decoded: number;
  childCpuPerSec: number;
  joinSec: number;
  loadDuring: number;
  /** Answers the round ended during the speech (end detection), out of `speakers`. */
  endedEarly: number;
  endReasons: string;
  resubscribes: number;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

async function measure(speakers: number): Promise<Figures> {
  const usernames = Array.from({ length: speakers }, (_, i) => `speaker${String(i).padStart(3, '0')}`);
  const child = new SpeakerProcess();
  let stack: BotStack | undefined;
  let untrust = (): void => undefined;
  try {
    const joinStarted = performance.now();
    const placeholder = await startBotStack({ usernames, voiceServer: { endpoint: '127.0.0.1:1', token: 'x' }, voice: { maxAnswerSec: SPEECH_SEC + 60 } });
    stack = placeholder;
    const userIds = usernames.map((u) => placeholder.fake.user(u).id);
    child.send({ type: 'start', dave: true, channelId: placeholder.fake.guild.voiceChannel.id, userIds });
    const ready = await child.next('ready', 120_000);
    untrust = trustCertificate(ready.certPem);
    placeholder.fake.setVoiceServer({ endpoint: ready.endpoint, token: ready.token });
    startVoiceRound(placeholder, { questions: 1, host: usernames[0] ?? '' });
    const listening = await nextEvent(placeholder.voice, 'listening', () => true, 120_000);
    const round = placeholder.voice.manager.round(listening.sessionId)?.presence;
    const connection = round?.connection;
    if (!round || !connection) throw new Error('no voice round');
    const deadline = Date.now() + 60_000;
    while (!userIds.every((id) => connection.receiver.ssrcMap.get(id))) {
      if (Date.now() > deadline) throw new Error('SSRC mapping incomplete');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const joinSec = (performance.now() - joinStarted) / 1000;

    // Baseline: connected, in the round, N people present, nobody talking (gateway heartbeats, voice keep-alives).
    const idleCpu = process.cpuUsage();
    const idleStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, IDLE_SEC * 1000));
    const idleCpuPerSec = cpuSeconds(idleCpu) / ((performance.now() - idleStarted) / 1000);

    // An answer the round ends itself (a long gap in the stream reads as the end of the answer) is counted here.
    let decoded = 0;
    const endedEarly: string[] = [];
    let resubscribes = 0;
    const countAudio = (stats: { packets: number; duplicates: number; late: number } | undefined): void => {
      if (stats) decoded += stats.packets - stats.duplicates - stats.late;
    };
    placeholder.voice.manager.on('answerCaptured', (event) => {
      countAudio(event.audio.stats);
      endedEarly.push(event.reason);
    });
    placeholder.voice.manager.on('resubscribed', () => resubscribes++);
    const cpu = process.cpuUsage();
    const started = performance.now();
    child.send({ type: 'speak', seconds: SPEECH_SEC });
    const spoken = await child.next('spoken', (SPEECH_SEC + 120) * 1000);
    const speakingWallSec = (performance.now() - started) / 1000;
    const speakingCpuPerSec = cpuSeconds(cpu) / speakingWallSec;
    const loadDuring = os.loadavg()[0] ?? NaN;

    await new Promise((resolve) => setTimeout(resolve, 500)); // the last datagrams
    for (const capture of round.captures()) countAudio(capture.finish()?.audio.stats);
    const sent = Object.values(spoken.sent).reduce((a, b) => a + b, 0);
    return { speakers, idleCpuPerSec, speakingCpuPerSec, speakingWallSec, sent, decoded, childCpuPerSec: spoken.cpuMs / spoken.wallMs, joinSec, loadDuring, endedEarly: endedEarly.length, endReasons: [...new Set(endedEarly)].join('/'), resubscribes };
  } finally {
    await stack?.stop().catch(() => undefined);
    await child.stop();
    untrust();
  }
}

const f = (n: number, digits = 2): string => n.toFixed(digits);

export async function run(): Promise<string> {
  const loadBefore = os.loadavg()[0] ?? NaN;
  const rows: Figures[] = [];
  const failures: string[] = [];
  for (const speakers of COUNTS) {
    process.stderr.write(`gatewayCpu: ${speakers} speakers\n`);
    try {
      const row = await measure(speakers);
      process.stderr.write(`gatewayCpu: ${JSON.stringify(row)}\n`);
      rows.push(row);
    } catch (error) {
      failures.push(`${speakers} speakers: ${String(error)}`);
    }
  }
  const loadAfter = os.loadavg()[0] ?? NaN;
  const table = rows.map((r) => {
    const added = r.speakingCpuPerSec - r.idleCpuPerSec;
    // Frames that reached the bot and were processed: what the CPU paid for, when some are lost under load.
    const decodedShare = r.decoded / r.sent;
    const perDecodedFrameUs = (added * r.speakingWallSec * 1e6) / r.decoded;
    // Real pace: the frames of SPEECH_SEC seconds of speech (pauses included) per speaker per second.
    const framesPerSpeakerSec = r.sent / r.speakers / SPEECH_SEC;
    const per100 = perDecodedFrameUs * 1e-6 * framesPerSpeakerSec * 100;
    // Once the round has ended someone's answer, their later frames are still received and decrypted but not decoded.
    const valid = r.endedEarly === 0;
    return `| ${r.speakers} | ${f(r.idleCpuPerSec, 3)} | ${f(r.speakingCpuPerSec, 3)} | ${f(r.speakingWallSec, 1)} s | ${f(decodedShare * 100, 1)} % | ${valid ? `${f(perDecodedFrameUs, 0)} µs` : '—'} | ${valid ? `**${f(per100)}**` : '— (answers ended mid-speech)'} | ${f((r.idleCpuPerSec / r.speakers) * 100, 3)} | ${r.endedEarly}${r.endReasons ? ` (${r.endReasons})` : ''} / ${r.resubscribes} | ${f(r.childCpuPerSec)} | ${f(r.joinSec, 1)} s |`;
  });
  return [
    '## Gateway CPU per 100 speakers (bot process, DAVE voice rounds)',
    '',
    'The bot process as it runs (discord.js against the local Discord fake, @discordjs/voice with DAVE, the voice round\'s',
    'capture: one receive stream, RTP tap and PacketTimeline per person) while N simulated speakers talk at real pace',
    '(espeak-ng phrases as 20-ms Opus frames, 0.4-s pauses left out, from a separate process: the voice load harness).',
    `Baseline in the same run: the same process for ${IDLE_SEC} s with the N people in the round and nobody talking; then`,
    `${SPEECH_SEC} s of speech from everyone at once. CPU is the process's user + system seconds per wall second (1.00 = one`,
    `whole core). 1-minute load average ${f(loadBefore, 1)} before and ${f(loadAfter, 1)} after on ${os.cpus().length} cores.`,
    '',
    `| speakers | idle CPU s/s | speaking CPU s/s | speaking window (speech: ${SPEECH_SEC} s) | frames decoded | bot CPU per decoded frame (speaking − idle) | cores per 100 speakers talking at real pace | idle cores per 100 present | answers ended during speech / streams resubscribed | speaker process CPU s/s | join + SSRC |`,
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...table,
    '',
    'Cores per 100 speakers = bot CPU per decoded frame (the added CPU of the speaking window over the frames the bot',
    `decoded) × the frames of real-pace speech (${SPEECH_SEC} s, pauses included) × 100. On a loaded machine the speaker process`,
    'falls behind real pace (a window longer than the speech) and frames are lost before the bot sees them (loopback UDP',
    'while its event loop waits for a core); scaling by decoded frames gives what a healthy bot would spend.',
    ...failures.map((x) => `Did not complete: ${x}`),
  ].join('\n');
}
