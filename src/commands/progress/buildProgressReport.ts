import type { Database } from '../../db/client.js';
import { createStoryCoverageRepository, exclusiveRepository, type StoryCoverageRepository } from '../../db/index.js';
import { competencyCoverage, STORY_STRENGTH_TARGET } from '../../session/competencyCoverage.js';
import type { Role } from '../../enums.js';
import {
  createProgressRepository,
  type ProgressRepository,
  type ProgressScope,
  type ProgressTotals,
  type SessionAggregate,
} from '../../db/repositories/progressRepository.js';
import { createPeerRatingRepository, type PeerRatingRepository } from '../../db/repositories/peerRatingRepository.js';
import { focusAreas } from './focusAreas.js';
import { peerRatingTrend } from './peerRatingTrend.js';
import { practiceStreak } from './practiceStreak.js';
import {
  MOVING_AVERAGE_WINDOW,
  PACE_BAND_WPM,
  RECENT_ANSWERS,
  TOP_FILLERS,
  TREND_SESSIONS,
} from './thresholds.js';
import { FIRST_WORD_GUIDE } from '../../pipeline/analyze/firstWord.js';
import type { CategoryScore, FirstWordTrend, ProgressReport, RecentPerformance, ScoreWindow, TrendPoint } from './types.js';
import type { UserId, WorkspaceId } from '../../ids.js';

export interface ProgressReportOptions {
  /** Internal user id (`users.id`). */
  userId: UserId;
  /** Only answers given in this workspace (guild/team); all workspaces when omitted. */
  workspaceId?: WorkspaceId | null;
  role?: Role | null;
  /** Only the last N days for totals, categories, fillers, trend and focus; whole history when omitted. */
  periodDays?: number | null;
  now?: Date;
  /** How many sessions the trend shows (default 20). */
  trendSessions?: number;
}

/** Either the repositories bag (it carries `progress`, `stories` and `peerRatings`) or the database itself. */
export type ProgressSource = Database | { progress: ProgressRepository; stories: StoryCoverageRepository; peerRatings: PeerRatingRepository };

const DAY_MS = 86_400_000;
const SCORE_WINDOWS = [7, 30] as const;

/** Where the report's period starts, or null for the whole history. */
export function periodStart(now: Date, periodDays: number | null): Date | null {
  return periodDays === null ? null : new Date(now.getTime() - periodDays * DAY_MS);
}

/**
 * How far before "now" each time boundary the report counts answers against lies (ms): now itself, the score
 * windows' edges and the period's start. As the clock moves, an answer crossing one of them is the only way the
 * same stored data gives other figures, apart from the UTC day changing (the streak).
 */
export function reportBoundaryOffsets(periodDays: number | null): number[] {
  const windows = SCORE_WINDOWS.flatMap((days) => [days * DAY_MS, 2 * days * DAY_MS]);
  return [0, ...windows, ...(periodDays === null ? [] : [periodDays * DAY_MS])];
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function round2OrNull(n: number | null): number | null {
  return n === null ? null : round2(n);
}

function repositoryOf(source: ProgressSource): ProgressRepository {
  return 'progress' in source ? source.progress : exclusiveRepository(source, createProgressRepository(source));
}

function storiesOf(source: ProgressSource): StoryCoverageRepository {
  return 'stories' in source ? source.stories : exclusiveRepository(source, createStoryCoverageRepository(source));
}

function peerRatingsOf(source: ProgressSource): PeerRatingRepository {
  if ('progress' in source) return source.peerRatings;
  return exclusiveRepository(source, createPeerRatingRepository(source));
}

function totalsOf(totals: ProgressTotals): ProgressReport['totals'] {
  return {
    sessions: totals.sessions,
    answers: totals.answers,
    firstAnswerAt: totals.firstAnswerAt?.toISOString() ?? null,
    lastAnswerAt: totals.lastAnswerAt?.toISOString() ?? null,
  };
}

/** The newest `shown` sessions; `rows` also holds the `window − 1` before them, which the moving average reaches back into. */
function trendPoints(rows: readonly SessionAggregate[], shown: number, window: number): TrendPoint[] {
  const points = rows.map((row, i) => {
    const span = rows.slice(Math.max(0, i - window + 1), i + 1);
    const average = span.reduce((sum, r) => sum + r.avgScore, 0) / span.length;
    return {
      sessionId: row.sessionId,
      startedAt: row.startedAt.toISOString(),
      answers: row.answers,
      score: round2(row.avgScore),
      scoreMovingAverage: round2(average),
      fillersPerMinute: round2OrNull(row.fillersPerMinute),
      wpm: round2OrNull(row.wpm),
      deliveryScore: round2OrNull(row.deliveryScore),
    };
  });
  return points.slice(-shown);
}

/**
 * Everything `/progress` and `interview-coach progress` show, from stored answers only. Synchronous: the queries
 * run on better-sqlite3 against the per-day and per-session rollups, so the cost does not grow with the history.
 */
export async function buildProgressReport(source: ProgressSource, options: ProgressReportOptions): Promise<ProgressReport> {
  const repo = repositoryOf(source);
  const peers = peerRatingsOf(source);
  const now = options.now ?? new Date();
  const periodDays = options.periodDays ?? null;
  const since = periodStart(now, periodDays);
  const allTime: ProgressScope = {
    userId: options.userId,
    workspaceId: options.workspaceId ?? null,
    role: options.role ?? null,
    until: now,
  };
  const scope: ProgressScope = { ...allTime, since };
  const shown = options.trendSessions ?? TREND_SESSIONS;

  const totals = totalsOf(await repo.totals(scope));
  const scoreWindows: ScoreWindow[] = [];
  for (const days of SCORE_WINDOWS) {
    const w = await repo.scoreWindow(allTime, now, days);
    scoreWindows.push({
      days,
      current: round2OrNull(w.current),
      currentAnswers: w.currentAnswers,
      previous: round2OrNull(w.previous),
      previousAnswers: w.previousAnswers,
      change: w.current === null || w.previous === null ? null : round2(w.current - w.previous),
    });
  }
  const categories: CategoryScore[] = (await repo.categories(scope)).map((c) => ({ category: c.category, answers: c.answers, avgScore: round2(c.avgScore) }));
  const best = categories[0] ?? null;
  const weakest = categories.length > 1 ? (categories[categories.length - 1] ?? null) : null;

  const averages = await repo.recentAverages(scope, RECENT_ANSWERS);
  const recent: RecentPerformance = {
    answers: averages.answers,
    spokenAnswers: averages.spokenAnswers,
    score: round2OrNull(averages.score),
    criteria: {
      relevance: round2OrNull(averages.relevance),
      depth: round2OrNull(averages.depth),
      structure: round2OrNull(averages.structure),
      clarity: round2OrNull(averages.clarity),
    },
    fillersPerMinute: round2OrNull(averages.fillersPerMinute),
    wpm: round2OrNull(averages.wpm),
    longestPauseSec: round2OrNull(averages.longestPauseSec),
    missedKeywords: await repo.recentMissedKeywords(scope, RECENT_ANSWERS, 3),
  };

  return {
    version: 1,
    generatedAt: now.toISOString(),
    scope: {
      userId: options.userId,
      workspaceId: options.workspaceId ?? null,
      role: options.role ?? null,
      periodDays,
      since: since?.toISOString() ?? null,
    },
    hasHistory: totals.answers > 0,
    totals,
    scoreWindows,
    categories,
    best,
    weakest,
    fillers: await repo.topFillers(scope, TOP_FILLERS),
    streak: practiceStreak(await repo.practiceDays(allTime), now),
    recent,
    focus: focusAreas(recent, weakest),
    trend: trendPoints(await repo.trendSessions(scope, shown + MOVING_AVERAGE_WINDOW - 1), shown, MOVING_AVERAGE_WINDOW),
    movingAverageWindow: MOVING_AVERAGE_WINDOW,
    paceBand: { min: PACE_BAND_WPM.min, max: PACE_BAND_WPM.max },
    firstWord: await firstWordTrend(repo, scope),
    stories: {
      competencies: competencyCoverage(await storiesOf(source).totals(options.userId, options.workspaceId ?? null)),
      target: STORY_STRENGTH_TARGET,
    },
    peerRatings: peerRatingTrend(await peers.received(options.userId, scope), shown),
  };
}

async function firstWordTrend(repo: ProgressRepository, scope: ProgressScope): Promise<FirstWordTrend> {
  const current = await repo.firstWordWindow(scope, RECENT_ANSWERS, 0);
  const previous = await repo.firstWordWindow(scope, RECENT_ANSWERS, RECENT_ANSWERS);
  return {
    window: RECENT_ANSWERS,
    current: round2OrNull(current.avgSec),
    currentAnswers: current.answers,
    previous: round2OrNull(previous.avgSec),
    previousAnswers: previous.answers,
    guide: { min: FIRST_WORD_GUIDE.min, max: FIRST_WORD_GUIDE.max },
  };
}
