import type { TimeSpan } from '../../audio/types.js';

export interface ChunkingOptions {
  /** Speech (seconds) a chunk collects before it is cut at the next pause. 0 turns chunking off. */
  chunkSpeechSec: number;
  /** A silence at least this long is a place to cut: no word can straddle it. */
  minCutPauseSec: number;
  /** No chunk is longer than this (Whisper decodes 30-s windows); past it, the longest gap inside is taken. */
  maxChunkSec: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = { chunkSpeechSec: 20, minCutPauseSec: 0.3, maxChunkSec: 28 };

/** What is known of the audio so far: speech segments that have closed, and how far the audio goes. */
export interface KnownAudio {
  /** Closed speech segments, in seconds from the start of the answer, in order. */
  speech: readonly TimeSpan[];
  /** Audio up to here is on the timeline. */
  positionSec: number;
  /** After the last closed segment, the audio is known to be silent up to here (= its end while speech runs on). */
  silentUntilSec: number;
}

/** Where a cut leaves the silence on each side: its middle, but never more than this after the speech. */
const CUT_AFTER_SPEECH_SEC = 0.5;

/**
 * The next place to cut after `fromSec`, or null while there is none yet. A chunk is cut in the first pause of at
 * least `minCutPauseSec` once it holds `chunkSpeechSec` of speech, so every word lies wholly on one side. A chunk
 * that reaches `maxChunkSec` without such a pause is cut in its longest gap, and only continuous speech of that
 * length is cut inside speech.
 */
export function findCut(audio: KnownAudio, fromSec: number, options: ChunkingOptions): number | null {
  if (options.chunkSpeechSec <= 0) return null;
  const gaps = gapsAfter(audio, fromSec);
  let speech = 0;
  for (const gap of gaps) {
    speech += gap.speechBefore;
    if (gap.start - fromSec > options.maxChunkSec) break;
    if (speech >= options.chunkSpeechSec && gap.end - gap.start >= options.minCutPauseSec) return cutIn(gap);
  }
  const limit = fromSec + options.maxChunkSec;
  if (audio.positionSec < limit) return null;
  // A chunk as long as Whisper's window with no usable pause: the widest gap inside it, else a hard cut.
  const inside = gaps.filter((g) => g.start > fromSec && g.start < limit);
  const widest = inside.reduce<Gap | null>((best, g) => (best === null || g.end - g.start > best.end - best.start ? g : best), null);
  if (widest && widest.end > widest.start) return cutIn({ ...widest, end: Math.min(widest.end, limit) });
  return limit;
}

/**
 * Ranges that cover [startSec, endSec] with cuts in pauses, for audio that is complete (a voice message, a clip,
 * the tail of a live answer).
 */
export function splitAtPauses(speech: readonly TimeSpan[], startSec: number, endSec: number, options: ChunkingOptions): TimeSpan[] {
  const known: KnownAudio = { speech, positionSec: endSec, silentUntilSec: endSec };
  const ranges: TimeSpan[] = [];
  let from = startSec;
  for (;;) {
    const cut = findCut(known, from, options);
    // A cut too close to the end would leave a sliver with no speech worth a request.
    if (cut === null || cut <= from || endSec - cut < options.minCutPauseSec || !hasSpeech(speech, cut, endSec)) break;
    ranges.push({ start: from, end: cut });
    from = cut;
  }
  ranges.push({ start: from, end: endSec });
  return ranges;
}

interface Gap extends TimeSpan {
  /** Speech between the previous gap (or `fromSec`) and this one. */
  speechBefore: number;
}

function gapsAfter(audio: KnownAudio, fromSec: number): Gap[] {
  const gaps: Gap[] = [];
  const segments = audio.speech.filter((s) => s.end > fromSec);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (!segment) continue;
    const next = segments[i + 1];
    const start = Math.max(segment.start, fromSec);
    const end = next ? next.start : Math.max(segment.end, Math.min(audio.silentUntilSec, audio.positionSec));
    gaps.push({ start: segment.end, end, speechBefore: segment.end - start });
  }
  return gaps;
}

function cutIn(gap: TimeSpan): number {
  return Math.min(gap.start + (gap.end - gap.start) / 2, gap.start + CUT_AFTER_SPEECH_SEC);
}

function hasSpeech(speech: readonly TimeSpan[], startSec: number, endSec: number): boolean {
  return speech.some((s) => s.end > startSec && s.start < endSec);
}
