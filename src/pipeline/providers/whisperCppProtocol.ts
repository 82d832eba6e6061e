/** Messages between WhisperCppTranscriber and its worker thread. */

export interface WhisperWorkerData {
  modelPath: string;
}

export interface WhisperJob {
  id: number;
  /** 16 kHz mono float PCM in [-1, 1]. */
  samples: Float32Array<ArrayBuffer>;
  language: string;
  prompt: string;
  threads: number;
}

/** One whisper.cpp segment. The worker runs with token timestamps, max_len 1 and split-on-word, so each is a word. */
export interface WhisperSegment {
  /** As whisper.cpp writes it: a leading space starts a word, punctuation stays attached. */
  text: string;
  /** whisper.cpp timestamps: hundredths of a second. */
  start: number;
  end: number;
}

export type WhisperReply =
  | { id: number; ok: true; text: string; words: WhisperSegment[] }
  | { id: number; ok: false; message: string };
