import {
  createLocalChartRenderer,
  createQuickChartRenderer,
  type ChartRenderer,
  type ChartTheme,
  type ProgressChartData,
} from '../../charts/index.js';
import { UserFacingError } from '../../errors.js';
import { formatDay } from './formatProgress.js';
import type { ProgressReport } from './types.js';

export interface RenderProgressPngOptions {
  /** `local` (default) draws in-process; `quickchart` asks a self-hosted QuickChart at `quickchartUrl`. */
  renderer?: 'local' | 'quickchart';
  quickchartUrl?: string;
  theme?: ChartTheme;
  width?: number;
  height?: number;
}

/** 3:2 reads well both as a Discord embed image and a Slack image block; each panel is 600×400. */
export const PROGRESS_PNG_SIZE = { width: 1200, height: 800 } as const;

/** More bars than this would not leave room for their labels in a 600×400 panel. */
const MAX_CHART_CATEGORIES = 10;

export function progressChartData(report: ProgressReport): ProgressChartData {
  // Keep the best and the weakest when there are too many, so the colours still mean best and weakest.
  const all = report.categories;
  const categories =
    all.length <= MAX_CHART_CATEGORIES ? all : [...all.slice(0, MAX_CHART_CATEGORIES - 1), ...all.slice(-1)];
  return {
    trend: {
      labels: report.trend.map((p) => formatDay(p.startedAt)),
      score: report.trend.map((p) => p.score),
      scoreMovingAverage: report.trend.map((p) => p.scoreMovingAverage),
      fillersPerMinute: report.trend.map((p) => p.fillersPerMinute),
      wpm: report.trend.map((p) => p.wpm),
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

let localRenderer: ChartRenderer | undefined;

function pickRenderer(options: RenderProgressPngOptions): ChartRenderer {
  if (options.renderer === 'quickchart') {
    if (!options.quickchartUrl) {
      throw new UserFacingError('config_invalid', 'CHART_RENDERER=quickchart needs QUICKCHART_URL (your own QuickChart server).');
    }
    return createQuickChartRenderer({ url: options.quickchartUrl });
  }
  localRenderer ??= createLocalChartRenderer();
  return localRenderer;
}

/** The 2×2 progress grid as PNG bytes, or null when there is nothing to draw (show the empty-history card instead). */
export async function renderProgressPng(report: ProgressReport, options: RenderProgressPngOptions = {}): Promise<Buffer | null> {
  if (!report.hasHistory || report.trend.length === 0) return null;
  return pickRenderer(options).renderProgressGrid(progressChartData(report), {
    width: options.width ?? PROGRESS_PNG_SIZE.width,
    height: options.height ?? PROGRESS_PNG_SIZE.height,
    theme: options.theme ?? 'dark',
  });
}
