import type { AnswerRecord } from '../db/index.js';
import type { AnswerRow } from '../db/schema.js';
import type { TextAnalysis } from '../pipeline/analyze/types.js';
import type { SpokenDisfluency } from '../pipeline/analyze/spokenDisfluency.js';
import type { AnswerAudio, AudioMetrics } from '../pipeline/audio/types.js';
import type { Evaluation } from '../pipeline/evaluate/types.js';
import type { ChunkedTranscription } from '../pipeline/transcribe/chunked/index.js';

export type AnswerInput =
  | { kind: 'text'; text: string }
  | {
      kind: 'audio';
      inputKind: 'voice' | 'voice_message' | 'audio_clip';
      audio: AnswerAudio;
      /** A live answer's transcription, started while it was spoken (AnswerProcessor.startLiveTranscription). */
      transcription?: ChunkedTranscription;
    };

/** Stages reported while an answer is worked on, so adapters can edit one message in place. */
export type AnswerProgress =
  /** The transcriber is not ready yet (a local model downloading): `message` says how far it is. */
  | { stage: 'preparing'; message: string }
  | { stage: 'transcribing'; durationSec: number }
  | { stage: 'scoring'; transcript: string; durationSec: number | null }
  | { stage: 'done' };

export interface AnswerResult {
  answer: AnswerRow;
  analysis: TextAnalysis;
  audio: AudioMetrics | null;
  deliveryScore: number | null;
  /** Hesitations from the audio and moments where fillers bunched up; hesitations null for typed answers. */
  disfluency: SpokenDisfluency;
  evaluation: Evaluation;
  record: AnswerRecord;
}

export interface SubmitAnswerOptions {
  sessionId: string;
  questionId: number;
  userId: number;
  input: AnswerInput;
  /** Adapter data (message ids) kept with the answer so a restart can post the result. */
  replyRef?: string;
  onProgress?: (progress: AnswerProgress) => void | Promise<void>;
}
