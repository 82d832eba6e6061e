import { UserFacingError } from '../../../errors.js';
import { trimRange } from '../../audio/encodeWav.js';
import { wavUpload } from '../../audio/wavUpload.js';
import type { AnswerAudio, TimeSpan } from '../../audio/types.js';
import type { Transcriber, Transcript } from '../types.js';
import type { ConcurrencyLimit } from './ConcurrencyLimit.js';
import { mergeTranscripts, type TranscriptPart } from './mergeTranscripts.js';
import { findCut, splitAtPauses, type ChunkingOptions, type KnownAudio } from './planChunks.js';

const RATE = 16_000;
/** How much of the previous chunk's text goes with the next as context (Whisper keeps the prompt's end). */
const CONTEXT_CHARS = 200;

/** A live answer as it grows: what `update` reads each time it is called. */
export interface LiveAudioSource extends KnownAudio {
  /**
   * Samples [start, end) of the 16 kHz mono timeline, as a view kept until the chunk is sent: samples already on the
   * timeline must not change afterwards (PacketTimeline only appends).
   */
  view(startSample: number, endSample: number): Int16Array;
}

interface Chunk {
  range: TimeSpan;
  result: Promise<TranscriptPart | Error>;
  /** The chunk's text once it is known, for the next chunk's context. */
  text: string | null;
  /** Cut while the answer was spoken: a failure then may be long past by the end, so it is tried again. */
  live: boolean;
}

/**
 * One answer transcribed in pieces cut at pauses. While a live answer runs, `update` cuts off each chunk that holds
 * enough speech and transcribes it in the background (through the process-wide limit); `finish` transcribes only
 * what is left — split again at pauses when the limit allows parallel requests — and merges everything in answer
 * time. Given complete audio only, `finish` is a chunked transcription of the whole file. A live chunk that failed
 * is tried once more from the final audio; if a chunk still fails the error is thrown, and the caller keeps the answer.
 */
export class ChunkedTranscription {
  readonly #transcriber: Transcriber;
  readonly #limit: ConcurrencyLimit;
  readonly #options: ChunkingOptions;
  readonly #language: string | undefined;
  readonly #abort = new AbortController();
  readonly #chunks: Chunk[] = [];
  #cutSec = 0;

  constructor(transcriber: Transcriber, limit: ConcurrencyLimit, options: ChunkingOptions, language?: string) {
    this.#transcriber = transcriber;
    this.#limit = limit;
    this.#options = options;
    this.#language = language;
  }

  /** Chunks started so far (live ones and, after `finish`, the tail's). */
  get chunkCount(): number {
    return this.#chunks.length;
  }

  /** Where the audio already handed to the transcriber ends, in seconds. */
  get cutSec(): number {
    return this.#cutSec;
  }

  /** Cuts and starts every chunk the live audio now allows. Cheap when there is nothing to cut. */
  update(source: LiveAudioSource): void {
    if (this.#abort.signal.aborted) return;
    for (;;) {
      const cut = findCut(source, this.#cutSec, this.#options);
      if (cut === null || cut <= this.#cutSec) return;
      this.#start({ start: this.#cutSec, end: cut }, source.speech, (a, b) => source.view(a, b), true);
      this.#cutSec = cut;
    }
  }

  /** The whole answer's transcript: the tail transcribed now, earlier chunks awaited, all merged. */
  async finish(audio: AnswerAudio): Promise<Transcript> {
    this.#abort.signal.throwIfAborted();
    const tailOptions = this.#limit.limit > 1 && this.#chunks.length > 0 ? { ...this.#options, chunkSpeechSec: this.#options.chunkSpeechSec / 2 } : this.#options;
    const tail = this.#options.chunkSpeechSec > 0 ? splitAtPauses(audio.speech, this.#cutSec, audio.durationSec, tailOptions) : [{ start: 0, end: audio.durationSec }];
    const view = (a: number, b: number): Int16Array => audio.pcm.subarray(a, b);
    for (const range of tail) {
      if (range.end > range.start) this.#start(range, audio.speech, view, false);
    }
    this.#cutSec = audio.durationSec;
    const parts: TranscriptPart[] = [];
    for (const chunk of this.#chunks) {
      let result = await chunk.result;
      // One more try from the final audio for a chunk cut while the answer ran: it may have met an outage that has
      // passed by now. Chunks sent at the end have just had the transcriber's own retries.
      if (result instanceof Error && chunk.live) result = await this.#transcribe(chunk, audio.speech, view, null);
      if (result instanceof Error) throw result;
      parts.push(result);
    }
    return mergeTranscripts(parts, audio.durationSec, this.#transcriber.name);
  }

  /** Drops the answer (question skipped, round over): running requests are aborted, nothing more is started. */
  cancel(): void {
    this.#abort.abort(new Error('transcription cancelled'));
  }

  #start(range: TimeSpan, speech: readonly TimeSpan[], view: (a: number, b: number) => Int16Array, live: boolean): void {
    const previous = this.#chunks.at(-1) ?? null;
    const chunk: Chunk = { range, text: null, live, result: Promise.resolve(new Error('not started')) };
    chunk.result = this.#transcribe(chunk, speech, view, previous);
    this.#chunks.push(chunk);
  }

  /** Never rejects: an error is returned so a chunk's failure waits for `finish` instead of going unhandled. */
  async #transcribe(chunk: Chunk, speech: readonly TimeSpan[], view: (a: number, b: number) => Int16Array, previous: Chunk | null): Promise<TranscriptPart | Error> {
    const { range } = chunk;
    const startSample = Math.max(0, Math.round(range.start * RATE));
    const endSample = Math.max(startSample, Math.round(range.end * RATE));
    const pcm = view(startSample, endSample);
    const inside = speech
      .filter((s) => s.end > range.start && s.start < range.end)
      .map((s) => ({ start: Math.max(s.start, range.start) - range.start, end: Math.min(s.end, range.end) - range.start }));
    const empty: TranscriptPart = { offsetSec: range.start, endSec: range.end, transcript: emptyTranscript(this.#transcriber.name) };
    if (inside.length === 0 || pcm.length === 0) return empty;
    const piece: AnswerAudio = { pcm, sampleRate: RATE, durationSec: pcm.length / RATE, speech: inside };
    // Header plus a view of the answer's samples, not a copy: a timeline only appends, so samples already placed
    // stay as they are while the chunk waits for its turn and is sent.
    const wav = wavUpload(piece, { trim: true });
    const offsetSec = (startSample + trimRange(piece).start) / RATE;
    const signal = this.#abort.signal;
    try {
      const transcript = await this.#limit.run(async () => {
        const context = previous?.text ? previous.text.slice(-CONTEXT_CHARS) : undefined;
        const heard = await this.#transcriber.transcribe({ wav, durationSec: piece.durationSec, language: this.#language, context }, signal);
        // Known before the limit lets the next chunk start, so it can take this text as its context.
        chunk.text = heard.text;
        return heard;
      }, signal);
      return { offsetSec, endSec: range.end, transcript };
    } catch (error) {
      // A chunk that turns out to hold no speech is simply empty; the whole answer decides about "no speech".
      if (error instanceof UserFacingError && error.code === 'no_speech') return empty;
      return error instanceof Error ? error : new Error(String(error));
    }
  }
}

function emptyTranscript(transcriber: string): Transcript {
  return { text: '', language: null, durationSec: null, words: [], segments: [], transcriber };
}
