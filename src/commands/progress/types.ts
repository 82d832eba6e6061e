import type { CompetencyCoverage } from '../../session/competencyCoverage.js';
import type { SessionId, UserId, WorkspaceId } from '../../ids.js';
/**
 * A user's progress, platform-neutral and JSON-serialisable (dates are ISO strings, numbers rounded to 2 decimals).
 * Cards, the CLI's `--json` and the chart renderer all read this one object.
 */
export interface ProgressReport {
  version: 1;
  generatedAt: string;
  scope: ProgressReportScope;
  /** False when the scope holds no scored answer: show the "No practice yet" card, not an empty chart. */
  hasHistory: boolean;
  totals: { sessions: number; answers: number; firstAnswerAt: string | null; lastAnswerAt: string | null };
  /** Last 7 and last 30 days against the same span just before; independent of `scope.periodDays`. */
  scoreWindows: ScoreWindow[];
  /** Best average first. */
  categories: CategoryScore[];
  best: CategoryScore | null;
  /** Null with fewer than two categories. */
  weakest: CategoryScore | null;
  /** Most frequent fillers, most used first. */
  fillers: { word: string; count: number }[];
  streak: PracticeStreak;
  /** Averages over the newest answers (`recent.answers` of them), which the focus items are derived from. */
  recent: RecentPerformance;
  /** At most three, most pressing first. */
  focus: FocusItem[];
  /** Newest sessions, oldest first. */
  trend: TrendPoint[];
  movingAverageWindow: number;
  paceBand: { min: number; max: number };
  /**
   * Time to first word of live voice answers (seconds from the end of the spoken question): the average among the
   * newest `window` scored answers against the `window` before them. Voice messages, clips and typed answers have
   * no such figure and are not counted. Optional so reports written before it still parse.
   */
  firstWord?: FirstWordTrend;
  /**
   * Behavioural story coverage: every competency with its stories (all workspaces in scope, whole history, any role:
   * a story counts wherever it was told). Optional so reports written before it still parse.
   */
  stories?: StoryCoverageReport;
  /** Stars (1–5) other participants of group rounds gave this person's answers. Optional so older reports parse. */
  peerRatings?: PeerRatingTrend;
}

export interface StoryCoverageReport {
  /** Every competency on the list, in list order. */
  competencies: CompetencyCoverage[];
  /** Stories averaging below this strength (0–10) are weak. */
  target: number;
}

export interface PeerRatingTrend {
  /** Star ratings received in the report's scope, and their average (null with none). */
  ratings: number;
  average: number | null;
  /** Rounds with ratings, oldest first (the newest few). */
  points: PeerRatingPoint[];
}

export interface PeerRatingPoint {
  sessionId: SessionId;
  startedAt: string;
  ratings: number;
  /** Average stars (1–5). */
  peerAverage: number;
  /** The scorer's average (0–10) over the same rated answers. */
  scorerAverage: number | null;
}

export interface FirstWordTrend {
  window: number;
  current: number | null;
  currentAnswers: number;
  previous: number | null;
  previousAnswers: number;
  /** The guideline band the figure is compared with (not a measured norm). */
  guide: { min: number; max: number };
}

export interface ProgressReportScope {
  userId: UserId;
  workspaceId: WorkspaceId | null;
  role: string | null;
  periodDays: number | null;
  /** Start of the period, when one was asked for. */
  since: string | null;
}

export interface ScoreWindow {
  days: number;
  current: number | null;
  currentAnswers: number;
  previous: number | null;
  previousAnswers: number;
  /** `current − previous`, when both exist. */
  change: number | null;
}

export interface CategoryScore {
  category: string;
  answers: number;
  avgScore: number;
}

export interface PracticeStreak {
  /** Consecutive UTC days with practice, ending today or yesterday; 0 when the last practice was earlier. */
  days: number;
  practisedToday: boolean;
  /** `YYYY-MM-DD` (UTC). */
  lastPracticeDay: string | null;
}

export interface RecentPerformance {
  answers: number;
  spokenAnswers: number;
  score: number | null;
  criteria: { relevance: number | null; depth: number | null; structure: number | null; clarity: number | null };
  fillersPerMinute: number | null;
  wpm: number | null;
  longestPauseSec: number | null;
  missedKeywords: { word: string; count: number }[];
}

export type FocusKind =
  | 'fillers'
  | 'pace_slow'
  | 'pace_fast'
  | 'pauses'
  | 'relevance'
  | 'depth'
  | 'structure'
  | 'clarity'
  | 'keywords'
  | 'category';

export interface FocusItem {
  kind: FocusKind;
  /** One short sentence, e.g. "Cut fillers: 4.2 per minute (aim for under 3)". */
  text: string;
  /** The stored figure the item is based on. */
  value: number;
  /** How far past its threshold; orders the items. */
  severity: number;
}

export interface TrendPoint {
  sessionId: SessionId;
  startedAt: string;
  answers: number;
  score: number;
  scoreMovingAverage: number;
  fillersPerMinute: number | null;
  wpm: number | null;
  deliveryScore: number | null;
}
