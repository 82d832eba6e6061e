import type { AnswerId, UserId } from '../ids.js';
import { applyCuts, encodeOggOpus, oggOpusDurationSec, replayCuts, voiceWaveform, type ReplayCutInput } from '../pipeline/audio/replay/index.js';
import { SAMPLE_RATE } from '../pipeline/audio/constants.js';
import type { TimeSpan } from '../pipeline/audio/types.js';

export interface ReplayStoreOptions {
  /** How long an answer's replay stays available (REPLAY_MINUTES). */
  ttlMs: number;
  /** Memory all replays may hold together (REPLAY_MEMORY_MB); the oldest go first. */
  maxBytes: number;
  /** Injected in tests; Date.now otherwise. */
  now?: () => number;
}

/** A spoken answer with its fillers, hesitations and long pauses cut out, ready to send. */
export interface ReplayAudio {
  ogg: Buffer;
  durationSec: number;
  /** Discord's voice-message waveform (base64). */
  waveform: string;
  originalSec: number;
  removedSec: number;
  cuts: readonly TimeSpan[];
}

/** What a person may or may not get for an answer: the rule (`canHearReplay`) decides on this. */
export interface ReplayFacts {
  ownerUserId: UserId;
}

interface Entry extends ReplayFacts {
  expiresAt: number;
  originalSec: number;
  cuts: TimeSpan[];
  /** The cut PCM until someone asks; then the encoded file (smaller) replaces it. */
  audio: { kind: 'pcm'; pcm: Int16Array } | { kind: 'ogg'; replay: ReplayAudio };
  /** The encoding under way, so two presses at once encode once. */
  encoding?: Promise<ReplayAudio>;
}

function bytesOf(entry: Entry): number {
  return entry.audio.kind === 'pcm' ? entry.audio.pcm.byteLength : entry.audio.replay.ogg.length;
}

/**
 * Answers' audio kept in memory for "Hear it without the ums" — never on disk. Each entry lives `ttlMs`; together
 * they hold at most `maxBytes`, the oldest evicted first. The cut audio is kept as PCM and encoded on the first press
 * (most answers are never replayed, so most never pay for encoding); the encoded file then replaces the PCM.
 */
export class ReplayStore {
  /** Insertion order is age order: the first key is the oldest. */
  private readonly entries = new Map<AnswerId, Entry>();
  private bytes = 0;
  private readonly now: () => number;
  /** Fires when the oldest entry expires, so audio leaves memory on time even when nobody asks for anything. */
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ReplayStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Keeps an answer's cut audio; false when there is nothing worth replaying or it alone exceeds the memory cap. */
  keep(answerId: AnswerId, ownerUserId: UserId, pcm: Int16Array, cutInput: ReplayCutInput): boolean {
    const cuts = replayCuts(cutInput);
    const cut = applyCuts(pcm, cuts);
    if (cut.pcm.length === 0 || cut.pcm.byteLength > this.options.maxBytes) return false;
    this.drop(answerId);
    const entry: Entry = {
      ownerUserId,
      expiresAt: this.now() + this.options.ttlMs,
      originalSec: pcm.length / SAMPLE_RATE,
      cuts,
      audio: { kind: 'pcm', pcm: cut.pcm },
    };
    this.entries.set(answerId, entry);
    this.bytes += bytesOf(entry);
    this.evict();
    this.schedule();
    return true;
  }

  /** Who an answer's replay belongs to, or undefined when it expired, was evicted or never existed here. */
  facts(answerId: AnswerId): ReplayFacts | undefined {
    this.expire();
    const entry = this.entries.get(answerId);
    return entry ? { ownerUserId: entry.ownerUserId } : undefined;
  }

  /** The replay as a file (encoded now if this is the first press); undefined when gone. */
  async audio(answerId: AnswerId): Promise<ReplayAudio | undefined> {
    this.expire();
    const entry = this.entries.get(answerId);
    if (!entry) return undefined;
    if (entry.audio.kind === 'ogg') return entry.audio.replay;
    entry.encoding ??= this.encode(answerId, entry, entry.audio.pcm);
    return entry.encoding;
  }

  private async encode(answerId: AnswerId, entry: Entry, pcm: Int16Array): Promise<ReplayAudio> {
    const durationSec = oggOpusDurationSec(pcm.length);
    const replay: ReplayAudio = {
      ogg: await encodeOggOpus(pcm),
      durationSec,
      waveform: voiceWaveform(pcm),
      originalSec: entry.originalSec,
      removedSec: entry.originalSec - durationSec,
      cuts: entry.cuts,
    };
    // Evicted or dropped while encoding: the person still gets what they asked for; nothing is kept.
    if (this.entries.get(answerId) === entry) {
      this.bytes -= bytesOf(entry);
      entry.audio = { kind: 'ogg', replay };
      this.bytes += bytesOf(entry);
    }
    entry.encoding = undefined;
    return replay;
  }

  /** Forgets an answer's audio (forget-me, or a newer copy). */
  drop(answerId: AnswerId): void {
    const entry = this.entries.get(answerId);
    if (!entry) return;
    this.bytes -= bytesOf(entry);
    this.entries.delete(answerId);
  }

  /** Forgets everything and stops the expiry timer (shutdown). */
  clear(): void {
    for (const id of [...this.entries.keys()]) this.drop(id);
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Forgets every answer of one person (forget-me). */
  dropOwner(ownerUserId: UserId): void {
    for (const [id, entry] of this.entries) if (entry.ownerUserId === ownerUserId) this.drop(id);
  }

  /** Bytes held now (for tests and the health report). */
  get heldBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  private expire(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.drop(id);
  }

  /** Entries share one lifetime, so the first (oldest) is the next to expire. */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const oldest = this.entries.values().next().value;
    if (!oldest) return;
    this.timer = setTimeout(() => {
      this.expire();
      this.schedule();
    }, Math.max(0, oldest.expiresAt - this.now()) + 1);
    // Never what keeps the process alive.
    this.timer.unref();
  }

  private evict(): void {
    this.expire();
    for (const id of this.entries.keys()) {
      if (this.bytes <= this.options.maxBytes) return;
      this.drop(id);
    }
  }
}
