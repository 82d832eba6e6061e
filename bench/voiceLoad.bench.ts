// Voice load: N simulated speakers (another process: fake voice server + DAVE + UDP) talk at real pace into one bot
// process (discord.js + @discordjs/voice + our capture: one Manual receive stream and one PacketTimeline per person).
// Measured in the bot process while they talk: frames sent vs decoded, event-loop delay, CPU, RSS; the idle bot
// before the speech is the baseline in the same run.
import { PerformanceObserver, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { trustCertificate } from '../test/fakes/discord/voice/trustCertificate.js';
import { nextEvent, startBotStack, startVoiceRound, type BotStack } from './voiceBotStack.js';
import { SpeakerProcess } from './voiceLoadSpeakerProcess.js';

/**
 * Speakers, seconds of speech and DAVE per run; override with VOICE_LOAD="100:60,150:20,200:20:off". Above ~150
 * members the DAVE group itself (an MLS welcome for everyone, processed synchronously by davey) takes tens of
 * seconds of the bot's CPU, so the larger runs measure the receive path with DAVE off.
 */
const RUNS = (process.env.VOICE_LOAD ?? '100:60,150:20,200:20:off,300:20:off').split(',').map((spec) => {
  const [n, s, dave] = spec.split(':');
  return { speakers: Number(n ?? 100), seconds: Number(s ?? 20), dave: dave !== 'off' };
});
const BASELINE_MS = 3_000;

interface Figures {
  speakers: number;
  seconds: number;
  dave: boolean;
  sent: number;
  decoded: number;
  lost: number;
  late: number;
  estimated: number;
  undelivered: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  idleLagP99: number;
  cpuPct: number;
  elu: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  childCpuPct: number;
  joinSec: number;
  receiveBufferKb: number | null;
  resubscribes: number;
  gcTotalMs: number;
  gcMaxMs: number;
  errors: string[];
}

const RESOLUTION_MS = 10;
/** monitorEventLoopDelay records the whole timer interval; the delay is what exceeds the resolution. */
const ms = (ns: number): number => Math.max(0, ns / 1e6 - RESOLUTION_MS);

async function measure(speakers: number, seconds: number, dave: boolean): Promise<Figures> {
  const usernames = Array.from({ length: speakers }, (_, i) => `speaker${String(i).padStart(3, '0')}`);
  const child = new SpeakerProcess();
  let stack: BotStack | undefined;
  let untrust = (): void => undefined;
  try {
    // Users are created in the fake first so their ids are known; the voice server then gets them as speakers.
    const joinStarted = performance.now();
    const placeholder = await startBotStack({ usernames, voiceServer: { endpoint: '127.0.0.1:1', token: 'x' }, voice: { maxAnswerSec: seconds + 60 } });
    stack = placeholder;
    const userIds = usernames.map((u) => placeholder.fake.user(u).id);
    child.send({ type: 'start', dave, channelId: placeholder.fake.guild.voiceChannel.id, userIds });
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

    const idle = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, BASELINE_MS));
    idle.disable();

    const lag = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const rssTimer = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 500);
    const cpu = process.cpuUsage();
    const elu = performance.eventLoopUtilization();
    const started = performance.now();
    const gcPauses: number[] = [];
    const gcObserver = new PerformanceObserver((list) => gcPauses.push(...list.getEntries().map((e) => e.duration)));
    gcObserver.observe({ entryTypes: ['gc'] });
    lag.enable();
    child.send({ type: 'speak', seconds });
    const spoken = await child.next('spoken', (seconds + 120) * 1000);
    lag.disable();
    gcObserver.disconnect();
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const utilization = performance.eventLoopUtilization(elu).utilization;
    clearInterval(rssTimer);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

    await new Promise((resolve) => setTimeout(resolve, 500)); // the last datagrams
    // Set when the first datagram came in.
    const receiveBuffer = round.tap.receiveBufferBytes;
    let resubscribes = 0;
    let decoded = 0;
    let lost = 0;
    let late = 0;
    let estimated = 0;
    for (const capture of round.captures()) {
      // Taken straight from each capture: the benchmark measures receiving, not 100 transcriptions.
      const result = capture.finish();
      const stats = result?.audio.stats;
      if (stats) {
        decoded += stats.packets - stats.duplicates - stats.late;
        lost += stats.lost;
        late += stats.late;
      }
      estimated += capture.estimatedHeaders;
      resubscribes += capture.resubscribes;
    }
    const sent = Object.values(spoken.sent).reduce((a, b) => a + b, 0);
    return {
      speakers,
      seconds,
      dave,
      sent,
      decoded,
      lost,
      late,
      estimated,
      undelivered: spoken.undelivered,
      lagP50: ms(lag.percentile(50)),
      lagP99: ms(lag.percentile(99)),
      lagMax: ms(lag.max),
      idleLagP99: ms(idle.percentile(99)),
      cpuPct: ((used.user + used.system) / 1000 / wall) * 100,
      elu: utilization,
      rssBeforeMb: rssBefore / 2 ** 20,
      rssPeakMb: rssPeak / 2 ** 20,
      childCpuPct: (spoken.cpuMs / spoken.wallMs) * 100,
      joinSec,
      resubscribes,
      receiveBufferKb: receiveBuffer === null ? null : receiveBuffer / 1024,
      gcTotalMs: gcPauses.reduce((a, b) => a + b, 0),
      gcMaxMs: Math.max(0, ...gcPauses),
      errors: spoken.errors,
    };
  } finally {
    await stack?.stop().catch(() => undefined);
    await child.stop();
    untrust();
  }
}

export async function run(): Promise<string> {
  const rows: Figures[] = [];
  const failures: string[] = [];
  for (const { speakers, seconds, dave } of RUNS) {
    process.stderr.write(`voice load: ${speakers} speakers × ${seconds} s, DAVE ${dave ? 'on' : 'off'}\n`);
    try {
      const row = await measure(speakers, seconds, dave);
      process.stderr.write(`  GC during speech: ${row.gcTotalMs.toFixed(0)} ms total, longest ${row.gcMaxMs.toFixed(1)} ms\n`);
      rows.push(row);
    } catch (error) {
      process.stderr.write(`voice load: ${speakers} speakers failed: ${String(error)}\n`);
      failures.push(`${speakers} speakers (DAVE ${dave ? 'on' : 'off'}): ${String(error)}`);
    }
  }
  const f1 = (n: number): string => n.toFixed(1);
  const table = rows.map(
    (r) =>
      `| ${r.speakers} | ${r.dave ? 'on' : 'off'} | ${r.seconds} s | ${r.sent.toLocaleString('en-US')} | ${r.decoded.toLocaleString('en-US')} | ${(r.sent - r.decoded).toLocaleString('en-US')} (${r.lost} gaps, ${r.late} late) | ${f1(r.lagP50)} / ${f1(r.lagP99)} / ${f1(r.lagMax)} ms (idle p99 ${f1(r.idleLagP99)}) | ${f1(r.cpuPct)} % (loop busy ${f1(r.elu * 100)} %) | ${f1(r.rssBeforeMb)} → ${f1(r.rssPeakMb)} MB | ${r.gcTotalMs.toFixed(0)} / ${r.gcMaxMs.toFixed(0)} ms | ${f1(r.childCpuPct)} % | ${f1(r.joinSec)} s |`,
  );
  return [
    '## Voice load: simulated speakers into one bot process',
    '',
    `Each speaker sends espeak-ng speech as 20 ms Opus frames at real pace (phrases with 0.4 s pauses left out of the stream), aead_aes256_gcm_rtpsize, from a separate process (fake voice server). The bot process runs discord.js, @discordjs/voice and the voice rounds: one Manual receive stream, RTP header tap and PacketTimeline (Opus → 16 kHz, VAD, end detection) per person, all in one \`everyone\` round. Event-loop delay is monitorEventLoopDelay (10 ms resolution, the 10 ms interval itself subtracted) over the speaking window; CPU is the bot process's user+system time over wall time (100 % = one core of 2); RSS is the whole bot process.`,
    '',
    '| speakers | DAVE | speech | frames sent | decoded | missing | event-loop delay p50 / p99 / max | bot CPU | RSS | GC total / longest | speaker-process CPU | join + SSRC |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...table,
    '',
    `Voice UDP receive buffer after enlargeReceiveBuffer: ${rows.map((r) => (r.receiveBufferKb === null ? 'unchanged' : `${r.receiveBufferKb.toFixed(0)} KiB`)).join(', ')} (Linux default 208 KiB; without it 100 speakers lost 1–7 % of frames to kernel receive-buffer overflow during event-loop pauses — measured before the change).`,
    `Receive streams resubscribed after failing (DAVE decryption): ${rows.map((r) => `${r.speakers}: ${r.resubscribes}`).join(', ')}.`,
    rows.some((r) => r.estimated > 0) ? `Packets placed with an estimated RTP header: ${rows.map((r) => `${r.speakers}: ${r.estimated}`).join(', ')}.` : 'Every packet was placed by its own RTP header (none estimated).',
    ...failures.map((f) => `Did not complete: ${f}`),
    ...rows.flatMap((r) => (r.errors.length ? [`Fake voice server errors at ${r.speakers}: ${r.errors.slice(0, 3).join('; ')}`] : [])),
  ].join('\n');
}
