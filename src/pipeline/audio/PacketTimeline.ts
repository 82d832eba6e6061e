import { DEFAULT_MAX_DURATION_SEC, SAMPLE_RATE, TICKS_PER_SAMPLE } from './constants.js';
import { EndOfAnswerDetector, type EndOfAnswerOptions } from './EndOfAnswerDetector.js';
import { EnergyVad } from './EnergyVad.js';
import { createOpusDecoder, type OpusPacketDecoder } from './opusDecoder.js';
import { PcmBuffer } from './PcmBuffer.js';
import { unwrap } from './rtpUnwrap.js';
import type { EndReason, LiveAnswerAudio, RtpOpusPacket, TimeSpan, TimelineStats } from './types.js';

export interface PacketTimelineOptions extends EndOfAnswerOptions {
  /** Packets held back to put reordered ones in place; 4 × 20 ms frames by default. */
  jitterPackets?: number;
  /** A held packet is released after this long even if an earlier one is missing (the stream may have paused). */
  jitterMs?: number;
  /** Milliseconds clock for arrival times and `poll()`; default `performance.now`. Tests pass a fake one. */
  now?: () => number;
  /** Called once, synchronously, from the call that ends the answer. */
  onEnd?: (reason: EndReason) => void;
  /** 'wasm' forces opusscript (the fallback when @discordjs/opus cannot load). */
  decoder?: 'native' | 'wasm';
}

interface Held {
  seq: number;
  ts: number;
  opus: Buffer;
  arrivedMs: number;
}

/** Sequence numbers remembered after release, to tell duplicates from late packets. */
const RECENT = 512;
const DEFAULT_FRAME = SAMPLE_RATE / 50;
const slot = (seq: number): number => ((seq % RECENT) + RECENT) % RECENT;
/** Later than this behind its slot, a payload without RTP header is taken to follow a silence. */
const ARRIVAL_GAP_MS = 200;

/**
 * One speaker's live answer from RTP Opus packets (as a Discord receive stream delivers them: only packets that were
 * sent, so silences are missing). Packets are put back in sequence order through a small jitter buffer, decoded as
 * they are released straight to 16 kHz mono, and placed on the timeline by their RTP timestamps, so a gap (silence
 * not sent, or lost packets) becomes silence of the right length. Duplicates and packets arriving after their slot
 * was filled are dropped; sequence numbers and timestamps are unwrapped. The VAD and the end-of-answer detector run
 * as audio is added; call `poll()` every few hundred ms so silence is noticed while no packets arrive.
 */
export class PacketTimeline {
  readonly #opts: Required<Pick<PacketTimelineOptions, 'jitterPackets' | 'jitterMs' | 'now'>>;
  readonly #onEnd: ((reason: EndReason) => void) | undefined;
  readonly #detector: EndOfAnswerDetector;
  readonly #decoder: OpusPacketDecoder;
  readonly #pcm: PcmBuffer;
  readonly #vad = new EnergyVad({ sampleRate: SAMPLE_RATE });
  readonly #held: Held[] = [];
  /** Ring of recently released sequence numbers, indexed by sequence modulo its size. */
  readonly #recent = new Float64Array(RECENT).fill(-1);
  readonly #stats: TimelineStats = { packets: 0, duplicates: 0, late: 0, lost: 0, decodeErrors: 0 };
  #seqRef: number | null = null;
  #tsRef: number | null = null;
  #nextSeq: number | null = null;
  #baseTs = 0;
  #lastArrivalMs: number | null = null;
  #lastFrame = DEFAULT_FRAME;
  #finished = false;
  #announced = false;
  readonly #arrival: { firstMs: number | null; count: number; lastFrame: number } = { firstMs: null, count: 0, lastFrame: 0 };

  constructor(options: PacketTimelineOptions = {}) {
    this.#opts = {
      jitterPackets: options.jitterPackets ?? 4,
      jitterMs: options.jitterMs ?? 100,
      now: options.now ?? (() => performance.now()),
    };
    this.#onEnd = options.onEnd;
    this.#detector = new EndOfAnswerDetector(options);
    this.#pcm = new PcmBuffer(Math.ceil((options.maxDurationSec ?? DEFAULT_MAX_DURATION_SEC) * SAMPLE_RATE));
    this.#decoder = createOpusDecoder(options.decoder);
  }

  /** Why the answer ended, or null while it is still running. */
  get ended(): EndReason | null {
    return this.#detector.reason;
  }

  /** Seconds of audio on the timeline so far. */
  get positionSec(): number {
    return this.#pcm.length / SAMPLE_RATE;
  }

  get speaking(): boolean {
    return this.#vad.inSpeech;
  }

  /** Speech segments that have closed so far, in seconds (the one still running is not among them). */
  get speech(): readonly TimeSpan[] {
    return this.#vad.segments;
  }

  /** The audio after the last closed speech segment is silence up to here; while someone speaks, that segment's end. */
  get silentUntilSec(): number {
    if (this.#vad.inSpeech) return this.#vad.segments.at(-1)?.end ?? 0;
    return Math.min(this.#vad.processedSec, this.positionSec);
  }

  /**
   * Samples [start, end) of the timeline so far, without copying. It stays valid as the answer grows: samples once
   * placed are never rewritten (late packets are dropped) and the buffer grows in place.
   */
  view(startSample: number, endSample: number): Int16Array {
    return this.#pcm.view(Math.max(0, startSample), Math.min(endSample, this.#pcm.length));
  }

  get stats(): Readonly<TimelineStats> {
    return this.#stats;
  }

  push(packet: RtpOpusPacket, arrivedMs: number = this.#opts.now()): void {
    if (this.ended || this.#finished) return;
    this.#stats.packets++;
    const seq = unwrap(packet.sequence, this.#seqRef ?? packet.sequence, 16);
    const ts = unwrap(packet.timestamp, this.#tsRef ?? packet.timestamp, 32);
    this.#seqRef = Math.max(this.#seqRef ?? seq, seq);
    this.#tsRef = Math.max(this.#tsRef ?? ts, ts);
    if (this.#nextSeq !== null && seq < this.#nextSeq) {
      if (this.#recent[slot(seq)] === seq) this.#stats.duplicates++;
      else this.#stats.late++;
      return;
    }
    let at = this.#held.length;
    while (at > 0 && (this.#held[at - 1]?.seq ?? -Infinity) > seq) at--;
    if (this.#held[at - 1]?.seq === seq) {
      this.#stats.duplicates++;
      return;
    }
    this.#held.splice(at, 0, { seq, ts, opus: packet.opus, arrivedMs });
    this.#lastArrivalMs = arrivedMs;
    this.#drain(arrivedMs, false);
  }

  /**
   * For receivers that hand over Opus payloads without their RTP header (a @discordjs/voice receive stream):
   * numbers the packet itself and places it by arrival time. Packets are taken as 20 ms frames (what Discord
   * sends) and laid end to end, so network jitter does not cut the audio; only when a packet is more than
   * `ARRIVAL_GAP_MS` later than that would put it (the speaker went quiet and the client stopped sending) does the
   * timeline jump to its arrival time, leaving silence of the measured length.
   */
  pushArrival(opus: Buffer, arrivedMs: number = this.#opts.now()): void {
    const frame = this.#arrival;
    if (frame.firstMs === null) frame.firstMs = arrivedMs;
    const byClock = Math.round((arrivedMs - frame.firstMs) / 20);
    const next = frame.count === 0 ? 0 : frame.lastFrame + 1;
    frame.lastFrame = byClock - next > ARRIVAL_GAP_MS / 20 ? byClock : next;
    const timestamp = (frame.lastFrame * 960) % 2 ** 32;
    this.push({ sequence: frame.count++ & 0xffff, timestamp, opus }, arrivedMs);
  }

  /**
   * Advances the wall clock: releases packets held too long and ends the answer on silence or the cap when no
   * packets come. Returns the end reason once ended.
   */
  poll(nowMs: number = this.#opts.now()): EndReason | null {
    if (this.ended || this.#finished) return this.ended;
    this.#drain(nowMs, false);
    if (this.ended || this.#held.length > 0 || this.#lastArrivalMs === null) return this.ended;
    // Nothing arrives while the speaker is silent: the timeline has moved on by the time since the last packet.
    const quietSec = Math.max(0, nowMs - this.#lastArrivalMs - this.#opts.jitterMs) / 1000;
    this.#end(this.#detector.check(this.positionSec + quietSec, this.#vad.lastVoiceSec));
    return this.ended;
  }

  /** An explicit stop ("I'm done", the host ended the question): keeps what has arrived. */
  stop(): void {
    if (this.ended || this.#finished) return;
    this.#drain(this.#opts.now(), true);
    this.#end(this.#detector.stop());
  }

  /** The answer so far. Packets after the end are not included; `endReason` is 'stopped' if nothing ended it. */
  finish(): LiveAnswerAudio {
    if (!this.#finished) {
      if (!this.ended) this.stop();
      this.#finished = true;
      this.#held.length = 0;
      this.#decoder.release();
    }
    const pcm = this.#pcm.toInt16Array();
    const durationSec = pcm.length / SAMPLE_RATE;
    const speech = this.#vad
      .flush()
      .filter((s) => s.start < durationSec)
      .map((s) => ({ start: s.start, end: Math.min(s.end, durationSec) }));
    return { pcm, sampleRate: SAMPLE_RATE, durationSec, speech, endReason: this.ended ?? 'stopped', stats: { ...this.#stats } };
  }

  #drain(nowMs: number, force: boolean): void {
    while (!this.ended) {
      const first = this.#held[0];
      if (!first) return;
      const inOrder = this.#nextSeq !== null && first.seq === this.#nextSeq;
      const waitedEnough = this.#held.length > this.#opts.jitterPackets || nowMs - first.arrivedMs >= this.#opts.jitterMs;
      if (!inOrder && !waitedEnough && !force) return;
      this.#held.shift();
      this.#release(first);
    }
  }

  #release(packet: Held): void {
    if (this.#nextSeq === null) this.#baseTs = packet.ts;
    else this.#stats.lost += Math.max(0, packet.seq - this.#nextSeq);
    this.#nextSeq = packet.seq + 1;
    this.#recent[slot(packet.seq)] = packet.seq;

    const position = Math.round((packet.ts - this.#baseTs) / TICKS_PER_SAMPLE);
    if (position < 0) {
      this.#stats.late++;
      return;
    }
    let samples: Int16Array;
    try {
      samples = this.#decoder.decode(packet.opus);
      this.#lastFrame = samples.length;
    } catch {
      this.#stats.decodeErrors++;
      samples = new Int16Array(this.#lastFrame);
    }
    const head = this.#pcm.length;
    if (position > head && !this.#addSilence(position - head)) return;
    // A timestamp overlapping audio already placed: keep the part that is new.
    if (position < head) samples = samples.subarray(Math.min(samples.length, head - position));
    const added = this.#pcm.append(samples);
    this.#vad.push(samples.subarray(0, added));
    this.#end(this.#detector.check(this.positionSec, this.#vad.lastVoiceSec));
  }

  /** Fills a gap; false if the answer ended on it (silence long enough after speech, or the cap). */
  #addSilence(samples: number): boolean {
    const lastVoice = this.#vad.lastVoiceSec;
    const left = this.#detector.silenceLeftSec(this.positionSec, lastVoice);
    if (lastVoice !== null && samples / SAMPLE_RATE >= left) {
      // The answer ended inside this gap, when the silence ran out; what follows it is not part of the answer.
      this.#end(this.#detector.check(lastVoice + this.#detector.endSilenceSec, lastVoice));
      return false;
    }
    const added = this.#pcm.appendSilence(samples);
    this.#vad.pushSilence(added);
    if (added < samples) this.#end(this.#detector.check(this.positionSec + samples / SAMPLE_RATE, null));
    return !this.ended;
  }

  #end(reason: EndReason | null): void {
    if (!reason || this.#announced) return;
    this.#announced = true;
    this.#onEnd?.(reason);
  }
}
