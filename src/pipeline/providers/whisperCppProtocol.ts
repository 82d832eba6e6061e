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

export interface WhisperSegment {
  text: string;
  /** whisper.cpp timestamps: hundredths of a second. */
  start: number;
  end: number;
}

export type WhisperReply =
  | { id: number; ok: true; text: string; segments: WhisperSegment[] }
  | { id: number; ok: false; message: string };
