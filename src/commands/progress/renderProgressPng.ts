// Types only: chart.js and @napi-rs/canvas load at the first drawing (pickRenderer), not when the bot starts.
import type { ChartRenderer, ChartTheme, ProgressChartData } from '../../charts/index.js';
import { UserFacingError } from '../../errors.js';
import { formatDay } from './formatProgress.js';
import { PngCache } from './pngCache.js';
import type { ProgressReport } from './types.js';

export interface RenderProgressPngOptions {
  /** `local` (default) draws in-process; `quickchart` asks a self-hosted QuickChart at `quickchartUrl`. */
  renderer?: 'local' | 'quickchart';
  quickchartUrl?: string;
  theme?: ChartTheme;
  width?: number;
  height?: number;
  /** Whose progress it is, shown with the period at the top of the image. */
  who?: string;
}

/** 3:2 reads well both as a Discord embed image and a Slack image block; each panel is 600×400. */
export const PROGRESS_PNG_SIZE = { width: 1200, height: 800 } as const;

/** More bars than this would not leave room for their labels in a 600×400 panel. */
const MAX_CHART_CATEGORIES = 10;

export function progressChartData(report: ProgressReport, who?: string): ProgressChartData {
  // Keep the best and the weakest when there are too many, so the colours still mean best and weakest.
  const all = report.categories;
  const categories =
    all.length <= MAX_CHART_CATEGORIES ? all : [...all.slice(0, MAX_CHART_CATEGORIES - 1), ...all.slice(-1)];
  return {
    heading: [who?.trim() || undefined, periodLabel(report)].filter(Boolean).join(' · '),
    trend: {
      labels: sessionLabels(report.trend.map((p) => p.startedAt)),
      score: report.trend.map((p) => p.score),
      scoreMovingAverage: report.trend.map((p) => p.scoreMovingAverage),
      fillersPerMinute: report.trend.map((p) => p.fillersPerMinute),
      wpm: report.trend.map((p) => p.wpm),
      ...peerSeries(report),
    },
    categories: {
      labels: categories.map((c) => c.category),
      scores: categories.map((c) => c.avgScore),
      answers: categories.map((c) => c.answers),
    },
    paceBand: report.paceBand,
    movingAverageWindow: report.movingAverageWindow,
  };
}

/** The peer-rating line on the score panel, per trend session (stars × 2 onto 0–10); nothing when never rated. */
function peerSeries(report: ProgressReport): { peerStarsScaled?: (number | null)[] } {
  const points = report.peerRatings?.points ?? [];
  if (points.length === 0) return {};
  const bySession = new Map(points.map((p) => [p.sessionId, p.peerAverage * 2]));
  const values = report.trend.map((t) => bySession.get(t.sessionId) ?? null);
  return values.some((v) => v !== null) ? { peerStarsScaled: values } : {};
}

/** Day labels, with the time of day (UTC) where several sessions share a day, so no two points look alike. */
export function sessionLabels(startedAt: readonly string[]): string[] {
  const days = startedAt.map(formatDay);
  const perDay = new Map<string, number>();
  for (const day of days) perDay.set(day, (perDay.get(day) ?? 0) + 1);
  return days.map((day, i) => ((perDay.get(day) ?? 0) > 1 ? `${day} ${(startedAt[i] ?? '').slice(11, 16)}` : day));
}

function periodLabel(report: ProgressReport): string {
  const { periodDays } = report.scope;
  if (periodDays !== null) return periodDays === 1 ? 'last 24 hours' : `last ${periodDays} days`;
  const first = report.totals.firstAnswerAt;
  return first ? `since ${formatDay(first)}` : 'all time';
}

let localRenderer: ChartRenderer | undefined;

/** Bump when the chart code draws differently, so images cached under the old look are not reused. */
const CHART_VERSION = 1;
/** ~100–200 KB per image: a few MB at most. */
const CACHED_IMAGES = 32;
const localImages = new PngCache(CACHED_IMAGES);

/** Forgets the images drawn so far (benchmarks measure the first drawing with it). */
export function clearProgressPngCache(): void {
  localImages.clear();
}

async function pickRenderer(options: RenderProgressPngOptions): Promise<ChartRenderer> {
  if (options.renderer === 'quickchart') {
    if (!options.quickchartUrl) {
      throw new UserFacingError('config_invalid', 'CHART_RENDERER=quickchart needs QUICKCHART_URL (your own QuickChart server).');
    }
    const { createQuickChartRenderer } = await import('../../charts/quickChartRenderer.js');
    return createQuickChartRenderer({ url: options.quickchartUrl });
  }
  if (!localRenderer) {
    // The renderer module pulls in chart.js and the native canvas (~100 ms, tens of MB): only once someone asks.
    const { createLocalChartRenderer } = await import('../../charts/localChartRenderer.js');
    localRenderer ??= createLocalChartRenderer();
  }
  return localRenderer;
}

/** The 2×2 progress grid as PNG bytes, or null when there is nothing to draw (show the empty-history card instead). */
export async function renderProgressPng(report: ProgressReport, options: RenderProgressPngOptions = {}): Promise<Buffer | null> {
  if (!report.hasHistory || report.trend.length === 0) return null;
  const data = progressChartData(report, options.who);
  const grid = {
    width: options.width ?? PROGRESS_PNG_SIZE.width,
    height: options.height ?? PROGRESS_PNG_SIZE.height,
    theme: options.theme ?? 'dark',
  } as const;
  const renderer = await pickRenderer(options);
  // Only local drawings are cached: a QuickChart server is asked every time, as its operator may expect.
  if (renderer !== localRenderer) return renderer.renderProgressGrid(data, grid);
  const key = JSON.stringify([CHART_VERSION, grid, data]);
  const cached = localImages.get(key);
  if (cached) return cached;
  const png = await renderer.renderProgressGrid(data, grid);
  localImages.set(key, png);
  return png;
}
