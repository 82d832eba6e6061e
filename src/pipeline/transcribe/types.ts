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

/** 16 kHz mono 16-bit WAV bytes plus what is already known about them. */
export interface TranscriptionInput {
  wav: Buffer;
  durationSec: number;
  language?: string;
}

export interface Transcriber {
  readonly name: string;
  transcribe(input: TranscriptionInput, signal?: AbortSignal): Promise<Transcript>;
  /**
   * Resolves once the transcriber can work (a local model is on disk), telling `onStatus` what to show while
   * it waits ("Setting up speech recognition — 34 of 57 MB"). Absent: always ready. `transcribe` waits anyway.
   */
  prepare?(onStatus: (message: string) => void | Promise<void>, signal?: AbortSignal): Promise<void>;
}
