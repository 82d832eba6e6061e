import type { AnswerRecord } from '../db/index.js';
import { analyzeText } from '../pipeline/analyze/analyzeText.js';
import { spokenDisfluency } from '../pipeline/analyze/spokenDisfluency.js';
import type { Hesitations } from '../pipeline/audio/detectHesitations.js';
import type { AudioMetrics } from '../pipeline/audio/types.js';
import type { AnswerResult } from './answerTypes.js';

/** A stored answer's audio measures as they were saved (null for a typed answer). */
export function storedAudioMetrics(record: AnswerRecord): AudioMetrics | null {
  const stored = record.metrics;
  if (!stored || stored.speechSec === null) return null;
  return {
    durationSec: record.answer.durationSec ?? 0,
    speechSec: stored.speechSec,
    pauses: { count: stored.pauseCount, longestSec: stored.pauseLongestSec, totalSec: stored.pauseTotalSec },
    pitchVariabilitySemitones: stored.pitchVariabilitySemitones,
    loudnessVariabilityDb: stored.loudnessVariabilityDb,
  };
}

export function storedHesitations(record: AnswerRecord): Hesitations | null {
  const stored = record.metrics;
  return stored?.hesitationsTotal != null ? { total: stored.hesitationsTotal, spans: stored.hesitationSpans ?? [] } : null;
}

/**
 * A scored answer's result read back from the database — what the bot shows when another process (a worker) did the
 * work. The text analysis is recomputed from the transcript (cheap, no provider call); scores come from the rows.
 */
export function storedAnswerResult(record: AnswerRecord): AnswerResult | undefined {
  const { answer, metrics, evaluation } = record;
  if (!evaluation || answer.transcript === null) return undefined;
  const audio = storedAudioMetrics(record);
  const durationSec = audio?.durationSec ?? null;
  const analysis = analyzeText({ text: answer.transcript, durationSec, words: [] });
  if (audio) analysis.pauses = audio.pauses;
  const disfluency = spokenDisfluency(analysis, [], storedHesitations(record), durationSec);
  if (metrics?.disfluencyClusters) disfluency.clusters = metrics.disfluencyClusters;
  return {
    answer,
    analysis,
    audio,
    deliveryScore: metrics?.deliveryScore ?? null,
    firstWordSec: metrics?.firstWordSec ?? null,
    disfluency,
    evaluation: {
      score: evaluation.score,
      criteria: { relevance: evaluation.relevance, depth: evaluation.depth, structure: evaluation.structure, clarity: evaluation.clarity },
      feedback: evaluation.feedback,
      keywordsCovered: evaluation.keywordsCovered,
      keywordsMissed: evaluation.keywordsMissed,
      idealAnswer: evaluation.idealAnswer,
      evaluator: evaluation.evaluator,
      model: evaluation.model,
    },
    record,
  };
}
