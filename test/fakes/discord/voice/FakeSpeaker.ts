import { randomInt } from 'node:crypto';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';

/** 48 kHz RTP clock: one 20 ms Opus frame advances the timestamp by 960. */
export const SAMPLES_PER_FRAME = 960;
const FRAME_MS = 20;
const SAMPLES_PER_MS = 48;
/** In non-realtime mode, yield to the event loop this often so the bot's UDP socket buffer never overflows. */
const FAST_BATCH = 8;

export interface SendOpusOptions {
  /** RTP sequence number; defaults to the speaker's next one. Later packets continue from here. */
  sequence?: number;
  /** RTP timestamp; defaults to the speaker's next one (previous + 960). Later packets continue from here. */
  timestamp?: number;
}

export interface SpeakOptions {
  /** true (default): one frame every 20 ms of wall time, like a client; false: as fast as the loop allows. */
  realtime?: boolean;
  /**
   * Silent stretches Discord omits: before frame `beforeFrame`, the RTP timestamp jumps by `ms`·48 (the sequence
   * number does not) and, in realtime mode, sending pauses for `ms`.
   */
  gaps?: readonly { beforeFrame: number; ms: number }[];
  /** Frame indexes lost on the way: their sequence/timestamp are used up but nothing is sent. */
  drop?: readonly number[];
  /** Frame indexes delivered twice (the identical datagram). */
  duplicate?: readonly number[];
  /** Frame indexes `i` delivered after frame `i + 1` instead of before it. */
  reorder?: readonly number[];
}

/** One datagram the speaker put on the wire. */
export interface SentPacket {
  frameIndex: number;
  sequence: number;
  timestamp: number;
  sentAt: number;
}

/** How a speaker's frames reach the bot: DAVE + transport encryption and the UDP send live in the server. */
export interface SpeakerTransport {
  /** Encrypts now (in frame order, as a client would) and returns a function that delivers the datagram. */
  seal(speaker: FakeSpeaker, opus: Buffer, sequence: number, timestamp: number): () => void;
  announceSpeaking(speaker: FakeSpeaker, speaking: boolean): void;
}

interface Emission {
  frameIndex: number;
  sequence: number;
  timestamp: number;
  dueMs: number;
}

/** A simulated user in the voice channel; created by `FakeVoiceServer.addSpeaker()`. */
export class FakeSpeaker {
  /** Next RTP sequence number / timestamp; random starts as real clients use. */
  nextSequence = randomInt(0, 0x10000);
  nextTimestamp = randomInt(0, 0x100000000);

  constructor(
    readonly userId: string,
    readonly ssrc: number,
    private readonly transport: SpeakerTransport,
  ) {}

  /** Sends op 5 SPEAKING for this user (the bot learns ssrc → user only from this). */
  setSpeaking(speaking: boolean): void {
    this.transport.announceSpeaking(this, speaking);
  }

  /** Sends one Opus frame now. */
  sendOpus(frame: Buffer, options: SendOpusOptions = {}): SentPacket {
    const sequence = (options.sequence ?? this.nextSequence) & 0xffff;
    const timestamp = (options.timestamp ?? this.nextTimestamp) >>> 0;
    this.advancePast(sequence, timestamp);
    this.transport.seal(this, frame, sequence, timestamp)();
    return { frameIndex: 0, sequence, timestamp, sentAt: Date.now() };
  }

  /** Sends a run of 20 ms Opus frames with correct RTP numbering, optionally damaged like a real network. */
  async speak(frames: readonly Buffer[], options: SpeakOptions = {}): Promise<SentPacket[]> {
    const emissions = this.plan(frames.length, options);
    const slotByFrame = new Map(emissions.map((e) => [e.frameIndex, e]));
    const sealed = new Map<number, () => void>();
    let sealedUpTo = -1;
    // Encrypt in frame order (as the sending client would) even when the network delivers out of order.
    const sealThrough = (frameIndex: number): void => {
      for (; sealedUpTo < frameIndex; ) {
        sealedUpTo += 1;
        const slot = slotByFrame.get(sealedUpTo);
        const frame = frames[sealedUpTo];
        if (!slot || !frame) continue; // a dropped frame: its numbers are used up, nothing is encrypted
        sealed.set(sealedUpTo, this.transport.seal(this, frame, slot.sequence, slot.timestamp));
      }
    };
    const realtime = options.realtime ?? true;
    const start = performance.now();
    const sent: SentPacket[] = [];
    for (const [i, emission] of emissions.entries()) {
      if (realtime) {
        const wait = start + emission.dueMs - performance.now();
        if (wait > 1) await sleep(wait);
      } else if (i % FAST_BATCH === FAST_BATCH - 1) {
        await yieldToEventLoop();
      }
      sealThrough(emission.frameIndex);
      sealed.get(emission.frameIndex)?.();
      sent.push({ ...emission, sentAt: Date.now() });
    }
    return sent;
  }

  /** Sequence/timestamp per frame and the send schedule, with drops, duplicates, reorders and gaps applied. */
  private plan(frameCount: number, options: SpeakOptions): Emission[] {
    const gapBefore = new Map<number, number>();
    for (const gap of options.gaps ?? []) {
      gapBefore.set(gap.beforeFrame, (gapBefore.get(gap.beforeFrame) ?? 0) + gap.ms);
    }
    const drop = new Set(options.drop ?? []);
    const duplicate = new Set(options.duplicate ?? []);
    const slots: Emission[] = [];
    let pausedMs = 0;
    for (let index = 0; index < frameCount; index += 1) {
      const gapMs = gapBefore.get(index) ?? 0;
      pausedMs += gapMs;
      this.nextTimestamp = (this.nextTimestamp + gapMs * SAMPLES_PER_MS) >>> 0;
      const slot = { frameIndex: index, sequence: this.nextSequence, timestamp: this.nextTimestamp, dueMs: 0 };
      slot.dueMs = index * FRAME_MS + pausedMs;
      this.advancePast(slot.sequence, slot.timestamp);
      if (drop.has(index)) continue;
      slots.push(slot);
      if (duplicate.has(index)) slots.push({ ...slot });
    }
    for (const index of options.reorder ?? []) {
      const a = slots.findIndex((s) => s.frameIndex === index);
      const b = slots.findIndex((s) => s.frameIndex === index + 1);
      const first = slots[a];
      const second = slots[b];
      if (!first || !second) continue;
      // swap delivery slots: frame i+1 goes out at frame i's time and vice versa
      [first.dueMs, second.dueMs] = [second.dueMs, first.dueMs];
      slots[a] = second;
      slots[b] = first;
    }
    return slots;
  }

  private advancePast(sequence: number, timestamp: number): void {
    this.nextSequence = (sequence + 1) & 0xffff;
    this.nextTimestamp = (timestamp + SAMPLES_PER_FRAME) >>> 0;
  }
}
