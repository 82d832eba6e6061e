import type { MessageRef } from '../messageRef.js';
import type { AnswerRecord } from '../db/index.js';
import type { AnswerRow } from '../db/schema.js';
import type { TextAnalysis } from '../pipeline/analyze/types.js';
import type { SpokenDisfluency } from '../pipeline/analyze/spokenDisfluency.js';
import type { AnswerAudio, AudioMetrics } from '../pipeline/audio/types.js';
import type { Evaluation } from '../pipeline/evaluate/types.js';
import type { ChunkedTranscription } from '../pipeline/transcribe/chunked/index.js';
import type { QuestionId, SessionId, UserId } from '../ids.js';

export type AnswerInput =
  | { kind: 'text'; text: string }
  | {
      kind: 'audio';
      inputKind: 'voice' | 'voice_message' | 'audio_clip';
      audio: AnswerAudio;
      /** A live answer's transcription, started while it was spoken (AnswerProcessor.startLiveTranscription). */
      transcription?: ChunkedTranscription;
      /**
       * Live voice only: seconds from the end of the question (the bot finished speaking it and began listening)
       * to the recording's first sample. With it the answer's time to first word is measured; without it (voice
       * messages, clips, files) it is not, since their recordings start whenever the person pressed record.
       */
      sinceQuestionEndSec?: number;
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
  /** Seconds from the end of the question to the first word (live voice only, see AnswerInput); else null. */
  firstWordSec: number | null;
  /** Hesitations from the audio and moments where fillers bunched up; hesitations null for typed answers. */
  disfluency: SpokenDisfluency;
  evaluation: Evaluation;
  record: AnswerRecord;
  /** A replay without the ums is kept for this answer (spoken answers, REPLAY_MINUTES > 0). */
  replay?: boolean;
}

export interface SubmitAnswerOptions {
  sessionId: SessionId;
  questionId: QuestionId;
  userId: UserId;
  input: AnswerInput;
  /** The message that shows the answer's progress, kept with it so a restart can post the result there. */
  reply?: MessageRef;
  onProgress?: (progress: AnswerProgress) => void | Promise<void>;
}

/** What one run of an answer's job did (AnswerProcessor.workOn, the work queue's handler). */
export type AnswerWorkOutcome =
  /** Transcribed (if it was still `received`), analyzed and scored now. */
  | 'scored'
  /** Nothing left to do: scored or failed already (a second run of a finished job). */
  | 'already_done'
  /** The answer or its question is gone (deleted by forget-me). */
  | 'gone'
  /** A voice answer whose audio no longer exists anywhere: marked failed so nothing waits for it. */
  | 'audio_lost'
  /** Failed for good on this run (no speech in it, over the transcription allowance): retrying cannot help. */
  | 'failed';
