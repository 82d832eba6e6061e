import { beforeAll, describe, expect, it } from 'vitest';
import { measureAudio, PacketTimeline, type EndReason, type PacketTimelineOptions } from '../../src/pipeline/audio/index.js';
import type { LiveAnswerAudio, TimeSpan } from '../../src/pipeline/audio/types.js';
import {
  OPUS_SILENCE_FRAME,
  prng,
  scramble,
  synthesizeAnswer,
  toRtpPackets,
  type SpokenFixture,
  type TimedPacket,
} from '../helpers/audioFixtures.js';

let fixture: SpokenFixture;
let clean: TimedPacket[];
beforeAll(async () => {
  fixture = await synthesizeAnswer();
  // Starts just before both counters wrap: sequence after 36 packets, timestamp after 0.5 s.
  clean = toRtpPackets(fixture.pcm, { startSequence: 65500, startTimestamp: 2 ** 32 - 24000 });
});

function gaps(speech: readonly TimeSpan[]): number[] {
  return speech.slice(1).map((s, i) => s.start - (speech[i]?.end ?? 0));
}

/** Pushes packets with arrival times from their frame index (+ optional jitter) on a fake clock. */
function play(packets: readonly TimedPacket[], options: PacketTimelineOptions = {}, jitterMs = 0): { timeline: PacketTimeline; clock: { now: number } } {
  const clock = { now: 0 };
  const timeline = new PacketTimeline({ now: () => clock.now, ...options });
  packets.forEach((p, i) => {
    clock.now = Math.max(clock.now, p.frame * 20 + (i % 3) * jitterMs);
    timeline.push(p);
  });
  return { timeline, clock };
}

/** Where the last packet sent ends: Discord stops sending in silence, so the trailing silence is not on the wire. */
function sentDuration(packets: readonly TimedPacket[]): number {
  return ((packets.at(-1)?.frame ?? 0) + 1) * 0.02;
}

function expectFaithful(live: LiveAnswerAudio, packets: readonly TimedPacket[]): void {
  const expected = sentDuration(packets);
  expect(Math.abs(live.durationSec - expected) / expected).toBeLessThanOrEqual(0.02);
  const found = gaps(live.speech);
  expect(found).toHaveLength(fixture.gapsSec.length);
  found.forEach((gap, i) => expect(Math.abs(gap - (fixture.gapsSec[i] ?? NaN))).toBeLessThanOrEqual(0.1));
  expect(Math.abs((live.speech[0]?.start ?? NaN) - (fixture.phrases[0]?.start ?? NaN))).toBeLessThanOrEqual(0.1);
  const metrics = measureAudio(live);
  expect(metrics.pauses.count).toBe(2);
  expect(Math.abs(metrics.pauses.longestSec - 3)).toBeLessThanOrEqual(0.1);
}

describe('PacketTimeline: rebuilding the timeline', () => {
  it('turns the gaps Discord leaves in silence back into silence of the right length, across wrap-around', () => {
    // The stream really has gaps: fewer packets than 20 ms frames.
    expect(clean.length).toBeLessThan(fixture.durationSec / 0.02 - 150);
    const live = play(clean).timeline.finish();
    expectFaithful(live, clean);
    expect(live.stats).toEqual({ packets: clean.length, duplicates: 0, late: 0, lost: 0, decodeErrors: 0 });
    expect(live.endReason).toBe('stopped');
  });

  it('tolerates loss, duplicates and reordering', () => {
    const rough = scramble(clean, { lossRate: 0.03, duplicateRate: 0.03, reorderRate: 0.1, maxDisplacement: 2, seed: 11 });
    const live = play(rough, {}, 7).timeline.finish();
    expectFaithful(live, clean);
    expect(live.stats.duplicates).toBeGreaterThan(5);
    expect(live.stats.lost).toBeGreaterThan(5);
    expect(live.stats.late).toBe(0);
  });

  it('drops a packet that arrives after its slot was filled, and a duplicate of one already played', () => {
    const packets = [...clean.slice(0, 60)];
    const [straggler] = packets.splice(20, 1);
    if (!straggler) throw new Error('fixture too short');
    const { timeline } = play([...packets, straggler, packets[30]!]);
    const live = timeline.finish();
    expect(live.stats).toMatchObject({ late: 1, duplicates: 1, lost: 1 });
    expect(live.durationSec).toBeCloseTo(sentDuration(packets), 2);
  });

  it('places payloads without RTP headers by arrival time, riding out network jitter', () => {
    const random = prng(5);
    const clock = { now: 0 };
    const timeline = new PacketTimeline({ now: () => clock.now });
    for (const p of clean) {
      clock.now = Math.max(clock.now, p.frame * 20 + random() * 80); // up to 80 ms late, bunched
      timeline.pushArrival(p.opus);
    }
    const live = timeline.finish();
    expectFaithful(live, clean);
    expect(live.stats).toMatchObject({ packets: clean.length, lost: 0, late: 0 });
  });

  it('decodes with opusscript when asked (the fallback without the native addon)', () => {
    const live = play(clean, { decoder: 'wasm' }).timeline.finish();
    expectFaithful(live, clean);
  });

  it('holds 16 kHz mono samples: 32 000 bytes per second', () => {
    const live = play(clean).timeline.finish();
    expect(live.pcm.byteLength).toBe(Math.round(live.durationSec * 16000) * 2);
  });
});

describe('PacketTimeline: end of the answer', () => {
  it('ends on silence after speech when no packets come, by the wall clock', () => {
    const firstPhrase = clean.filter((p) => p.frame * 0.02 < (fixture.phrases[0]?.end ?? 0) + 0.1);
    const reasons: EndReason[] = [];
    const { timeline, clock } = play(firstPhrase, { endSilenceSec: 4, onEnd: (r) => reasons.push(r) });
    const last = clock.now;
    expect(timeline.poll(last + 3500)).toBeNull();
    expect(timeline.poll(last + 4300)).toBe('silence');
    expect(timeline.poll(last + 9000)).toBe('silence');
    expect(reasons).toEqual(['silence']);
    const live = timeline.finish();
    expect(live.endReason).toBe('silence');
    expect(live.speech).toHaveLength(1);
  });

  it('ends on silence found in the timestamps, and ignores what follows', () => {
    const reasons: EndReason[] = [];
    const { timeline } = play(clean, { endSilenceSec: 1, onEnd: (r) => reasons.push(r) });
    const live = timeline.finish();
    expect(reasons).toEqual(['silence']);
    // The 0.5 s gap is kept; the 1.5 s gap ends the answer after the second phrase.
    expect(live.speech).toHaveLength(2);
    expect(live.durationSec).toBeLessThan((fixture.phrases[1]?.end ?? 0) + 0.3);
  });

  it('does not end on silence before anyone speaks', () => {
    const quiet: TimedPacket[] = Array.from({ length: 5 }, (_, i) => ({ sequence: i, timestamp: i * 960, opus: OPUS_SILENCE_FRAME, frame: i }));
    const { timeline } = play(quiet, { endSilenceSec: 1 });
    expect(timeline.poll(60_000)).toBeNull();
    expect(timeline.finish().speech).toEqual([]);
  });

  it('ends at the length cap with exactly the cap of audio', () => {
    const reasons: EndReason[] = [];
    const { timeline } = play(clean, { maxDurationSec: 5, onEnd: (r) => reasons.push(r) });
    expect(timeline.ended).toBe('cap');
    const live = timeline.finish();
    expect(reasons).toEqual(['cap']);
    expect(live.durationSec).toBe(5);
    expect(live.endReason).toBe('cap');
  });

  it('ends on an explicit stop and keeps the packets still held for reordering', () => {
    // The packet of frame 47 never comes, so 48 and 49 wait in the jitter buffer for it.
    const firstSecond = clean.filter((p) => p.frame < 50 && p.frame !== 47);
    const reasons: EndReason[] = [];
    const { timeline } = play(firstSecond, { onEnd: (r) => reasons.push(r) });
    expect(timeline.positionSec).toBeLessThan(sentDuration(firstSecond) - 0.03);
    timeline.stop();
    timeline.push(clean[60]!);
    const live = timeline.finish();
    expect(reasons).toEqual(['stopped']);
    expect(live.durationSec).toBeCloseTo(sentDuration(firstSecond), 2);
    expect(live.stats).toMatchObject({ packets: firstSecond.length, lost: 1 });
  });
});
