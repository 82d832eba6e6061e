import type { WavUpload } from '../audio/wavUpload.js';

export interface TranscriptWord {
  word: string;
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
}

export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
  noSpeechProb?: number;
}

export interface Transcript {
  text: string;
  language: string | null;
  durationSec: number | null;
  /** Empty when the transcriber gives no word timestamps. */
  words: TranscriptWord[];
  segments: TranscriptSegment[];
  /** Which transcriber produced it, e.g. `openai:whisper-1` or `whisper.cpp:ggml-base.en.bin`. */
  transcriber: string;
}

/** 16 kHz mono 16-bit WAV plus what is already known about it. */
export interface TranscriptionInput {
  /**
   * A WAV file's bytes, or (from the pipeline) its header and a view of the captured samples, so that sending an
   * answer never makes a second copy of it.
   */
  wav: Buffer | WavUpload;
  durationSec: number;
  language?: string;
  /** Text said just before this audio (the previous chunk of the same answer): sent as context in the prompt. */
  context?: string;
}

export interface Transcriber {
  readonly name: string;
  /** Requests worth running at once (a local model decodes one at a time); unset: as many as configured. */
  readonly maxConcurrency?: number;
  transcribe(input: TranscriptionInput, signal?: AbortSignal): Promise<Transcript>;
  /**
   * Resolves once the transcriber can work (a local model is on disk), telling `onStatus` what to show while
   * it waits ("Setting up speech recognition — 34 of 57 MB"). Absent: always ready. `transcribe` waits anyway.
   */
  prepare?(onStatus: (message: string) => void | Promise<void>, signal?: AbortSignal): Promise<void>;
}
