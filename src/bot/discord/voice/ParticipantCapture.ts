import { EndBehaviorType, type AudioReceiveStream, type VoiceReceiver } from '@discordjs/voice';
import { PacketTimeline, type LiveAnswerAudio } from '../../../pipeline/audio/index.js';
import type { EndReason } from '../../../pipeline/audio/types.js';
import type { ChunkedTranscription } from '../../../pipeline/transcribe/chunked/index.js';
import type { RtpHeader } from './RtpHeaderTap.js';

/** One 20 ms Opus frame on the 48 kHz RTP clock. */
const TICKS_PER_FRAME = 960;

export interface ParticipantCaptureOptions {
  userId: string;
  endSilenceSec: number;
  maxDurationSec: number;
  /** The RTP header of the packet being delivered for an SSRC (see RtpHeaderTap). */
  takeHeader(ssrc: number): RtpHeader | undefined;
  /** Called once per answer, synchronously, when it ends (stop, silence window, cap). */
  onEnd(capture: ParticipantCapture, reason: EndReason): void;
  /** Starts the transcription that follows an answer while it is spoken (chunks cut at pauses); null: none. */
  startTranscription?(): ChunkedTranscription | null;
  /** The receive stream errored or closed without being asked to; the capture has resubscribed. */
  onResubscribe?(capture: ParticipantCapture, error: Error | undefined): void;
  now?: () => number;
}

/** What ending one answer cost, for logs and the latency benchmark. */
export interface CaptureTimings {
  /** When the answer was known to be over (performance.now). */
  endedAt: number;
  /** Releasing and decoding the packets still held in the jitter buffer. */
  drainMs: number;
  /** VAD flush and copying the PCM out. */
  finishMs: number;
}

interface Answer {
  questionId: number;
  timeline: PacketTimeline;
  startedAt: number;
  /** When the answer's first packet arrived (the recording's first sample); null before any. */
  firstPacketAt: number | null;
  packets: number;
  endedAt: number | null;
  drainMs: number;
  last: RtpHeader | undefined;
  byArrival: boolean;
  transcription: ChunkedTranscription | null;
}

/**
 * One participant's audio in a voice round: a single Manual-end subscription to their receive stream for as long
 * as they take part (never AfterSilence, which cuts people off mid-thought, and no re-subscribing per answer, which
 * loses the first words), and the answer being recorded, if any: packets placed on a PacketTimeline by their RTP
 * headers, ended by its silence window or cap or an explicit stop. Packets between answers are ignored.
 * A stream that errors or closes unasked — the DAVE decryption-failure path does — is replaced by a fresh
 * subscription feeding the same timeline, so nothing already heard is lost.
 */
export class ParticipantCapture {
  readonly userId: string;
  /** Packets placed with an estimated header (the tap had none for them), over the capture's life. */
  estimatedHeaders = 0;
  resubscribes = 0;
  /** Packets that arrived while no answer was being recorded. */
  ignoredPackets = 0;
  #receiver: VoiceReceiver | undefined;
  #stream: AudioReceiveStream | undefined;
  #answer: Answer | null = null;
  #closed = false;
  readonly #options: ParticipantCaptureOptions;
  readonly #now: () => number;

  constructor(options: ParticipantCaptureOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.userId = options.userId;
  }

  /** The question whose answer is being recorded, or null. */
  get questionId(): number | null {
    return this.#answer?.questionId ?? null;
  }

  /** Packets in the running answer. */
  get packets(): number {
    return this.#answer?.packets ?? 0;
  }

  get ended(): EndReason | null {
    return this.#answer?.timeline.ended ?? null;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Subscribes to the user's audio on this receiver (again, after the connection was replaced). */
  attach(receiver: VoiceReceiver): void {
    if (this.#closed) return;
    this.#detachStream();
    this.#receiver = receiver;
    const stale = receiver.subscriptions.get(this.userId);
    if (stale?.destroyed) receiver.subscriptions.delete(this.userId);
    const stream = receiver.subscribe(this.userId, { end: { behavior: EndBehaviorType.Manual } });
    this.#stream = stream;
    // The library forgets a subscription by user id when a stream closes: a stale one closing late would
    // unregister this one, so it is put back.
    stale?.once('close', () => {
      if (this.#stream === stream && !stream.destroyed) receiver.subscriptions.set(this.userId, stream);
    });
    stream.on('data', this.#onData);
    let failure: Error | undefined;
    stream.once('error', (error: Error) => {
      failure = error;
    });
    stream.once('close', () => {
      if (this.#stream !== stream || this.#closed) return;
      this.#stream = undefined;
      this.#resubscribe(failure);
    });
  }

  /** Stops listening to the current receiver (its connection is going away); a running answer keeps its timeline. */
  detach(): void {
    this.#receiver = undefined;
    this.#detachStream();
  }

  /** Subscribed to a receive stream right now. */
  get subscribed(): boolean {
    return this.#stream !== undefined && !this.#stream.destroyed;
  }

  /** Starts recording an answer to this question; a running one is dropped. */
  begin(questionId: number): void {
    if (this.#closed) throw new Error('ParticipantCapture used after close()');
    const answer: Answer = {
      questionId,
      startedAt: this.#now(),
      firstPacketAt: null,
      packets: 0,
      endedAt: null,
      drainMs: 0,
      last: undefined,
      byArrival: false,
      transcription: this.#options.startTranscription?.() ?? null,
      timeline: new PacketTimeline({
        endSilenceSec: this.#options.endSilenceSec,
        maxDurationSec: this.#options.maxDurationSec,
        now: this.#now,
        onEnd: (reason) => {
          answer.endedAt = this.#now();
          this.#options.onEnd(this, reason);
        },
      }),
    };
    this.#drop();
    this.#answer = answer;
  }

  /** Advances the wall clock for the silence window and the cap while no packets arrive. */
  poll(): void {
    const answer = this.#answer;
    if (!answer || answer.timeline.ended) return;
    answer.timeline.poll(this.#now());
    // Finished stretches of speech go to the transcriber now, so only the tail is left when the answer ends.
    if (!answer.timeline.ended) answer.transcription?.update(answer.timeline);
    // PacketTimeline starts its clock at the first packet; someone who never makes a sound still hits the cap.
    if (!answer.timeline.ended && answer.packets === 0 && this.#now() - answer.startedAt >= this.#options.maxDurationSec * 1000) this.stop();
  }

  /** Ends the running answer now ("I'm done", the participant left). */
  stop(): void {
    const answer = this.#answer;
    if (!answer || answer.timeline.ended) return;
    const started = this.#now();
    answer.timeline.stop();
    answer.drainMs = this.#now() - started;
  }

  /** The ended (or now stopped) answer's audio; the capture is then free for the next question. */
  finish(): {
    questionId: number;
    audio: LiveAnswerAudio;
    timings: CaptureTimings;
    transcription: ChunkedTranscription | null;
    /**
     * Seconds from the start of listening (the question had just been spoken) to the recording's first sample:
     * a client sends nothing while its user is quiet, so the silence before they spoke is not in the audio.
     */
    leadInSec: number | null;
  } | null {
    const answer = this.#answer;
    if (!answer) return null;
    if (!answer.timeline.ended) this.stop();
    const started = this.#now();
    const audio = answer.timeline.finish();
    this.#answer = null;
    const timings = { endedAt: answer.endedAt ?? started, drainMs: answer.drainMs, finishMs: this.#now() - started };
    const leadInSec = answer.firstPacketAt === null ? null : Math.max(0, answer.firstPacketAt - answer.startedAt) / 1000;
    return { questionId: answer.questionId, audio, timings, transcription: answer.transcription, leadInSec };
  }

  /** Drops the running answer without keeping it (question skipped, repeated, round over). */
  cancel(): void {
    this.#drop();
    this.#answer = null;
  }

  #drop(): void {
    this.#answer?.transcription?.cancel();
    this.#answer?.timeline.finish();
  }

  /** Unsubscribes for good (the participant left, the round is over). */
  close(): void {
    if (this.#closed) return;
    this.cancel();
    this.#closed = true;
    this.#detachStream();
  }

  readonly #onData = (opus: Buffer): void => {
    const ssrc = this.#receiver?.ssrcMap.get(this.userId)?.audioSSRC;
    // Taken even between answers, so a stale header is never paired with a later payload.
    const header = ssrc === undefined ? undefined : this.#options.takeHeader(ssrc);
    const answer = this.#answer;
    if (!answer || answer.timeline.ended) {
      this.ignoredPackets++;
      return;
    }
    answer.packets++;
    answer.firstPacketAt ??= this.#now();
    if (answer.byArrival || (!header && !answer.last)) {
      // No header for the first packet: this answer is placed by arrival time throughout.
      answer.byArrival = true;
      answer.timeline.pushArrival(opus);
      return;
    }
    const placed = header ?? this.#estimateNext(answer.last);
    answer.last = placed;
    answer.timeline.push({ sequence: placed.sequence, timestamp: placed.timestamp, opus });
  };

  #estimateNext(last: RtpHeader | undefined): RtpHeader {
    this.estimatedHeaders++;
    const from = last ?? { sequence: 0, timestamp: 0 };
    return { sequence: (from.sequence + 1) & 0xffff, timestamp: (from.timestamp + TICKS_PER_FRAME) >>> 0 };
  }

  #resubscribe(error: Error | undefined): void {
    if (this.#closed || !this.#receiver) return;
    // No limit: the library only fails a stream after dozens of undecryptable packets (a DAVE transition the bot
    // is still catching up with), so this cannot spin, and giving up would cut the answer short.
    this.resubscribes++;
    // The library removed the closed subscription in its own 'close' handler, which ran before this one.
    this.attach(this.#receiver);
    this.#options.onResubscribe?.(this, error);
  }

  #detachStream(): void {
    const stream = this.#stream;
    this.#stream = undefined;
    if (!stream) return;
    stream.off('data', this.#onData);
    // Ending our own subscription must not look like a failure: #stream is already cleared.
    if (!stream.destroyed) stream.destroy();
  }
}
