import type { Repositories } from '../db/index.js';
import type { AnswerProcessor } from './AnswerProcessor.js';

/** What one run of an answer's job did. */
export type AnswerWorkOutcome =
  /** Transcribed (if it was still `received`), analyzed and scored now. */
  | 'scored'
  /** Nothing left to do: scored or failed already (a second run of a finished job). */
  | 'already_done'
  /** The answer is gone (deleted by forget-me). */
  | 'gone'
  /** A voice answer whose audio no longer exists anywhere: marked failed so nothing waits for it. */
  | 'audio_lost'
  /** Failed for good on this run (no speech in it, over the transcription allowance): retrying cannot help. */
  | 'failed';

/**
 * The work queue's handler: whatever is left of a stored answer's work, by id, following the answer's status
 * (received → transcribed → scored). Safe to run twice: a finished answer is left alone, and a half-done one resumes
 * from its last stored step — metrics and evaluation are one row per answer, written over, never added.
 */
export async function workOnAnswer(processor: AnswerProcessor, repos: Pick<Repositories, 'answers'>, answerId: number): Promise<AnswerWorkOutcome> {
  try {
    return await nextStep(processor, repos, answerId);
  } catch (error) {
    // A failure that left the answer failed is final; any other (a provider down) is thrown for the queue to retry.
    if (repos.answers.get(answerId)?.status === 'failed') return 'failed';
    throw error;
  }
}

async function nextStep(processor: AnswerProcessor, repos: Pick<Repositories, 'answers'>, answerId: number): Promise<AnswerWorkOutcome> {
  const answer = repos.answers.get(answerId);
  if (!answer) return 'gone';
  switch (answer.status) {
    case 'scored':
    case 'failed':
      return 'already_done';
    case 'transcribed':
      return (await processor.resume(answerId)) ? 'scored' : 'gone';
    case 'received': {
      if (await processor.retryTranscription(answerId)) return 'scored';
      // The question went, or the audio was only in a process that is gone (STORE_AUDIO off).
      if (!repos.answers.get(answerId)) return 'gone';
      processor.abandonUntranscribed(answerId);
      return 'audio_lost';
    }
  }
}
