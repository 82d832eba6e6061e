export { buildProgressReport, type ProgressReportOptions, type ProgressSource } from './buildProgressReport.js';
export { cachedProgressReport, forgetCachedProgress, ProgressReportCache, type CachedProgressSource } from './progressReportCache.js';
export { renderProgressPng, progressChartData, clearProgressPngCache, PROGRESS_PNG_SIZE, type RenderProgressPngOptions } from './renderProgressPng.js';
export { progressCard, PROGRESS_IMAGE_NAME, type ProgressCardOptions } from './progressCard.js';
export {
  buildSessionSummary,
  summarizeRound,
  type ParticipantSummary,
  type RoundData,
  type SessionSummary,
  type SessionSummaryRepositories,
} from './sessionSummary.js';
export { sessionSummaryCard, type SessionSummaryCardOptions } from './sessionSummaryCard.js';
export type * from './types.js';
