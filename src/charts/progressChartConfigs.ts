import type { ChartConfiguration } from 'chart.js';
import { chartPalette, type ChartPalette } from './theme.js';
import type { ChartTheme, ProgressChartData } from './types.js';

type LineConfig = ChartConfiguration<'line', (number | null)[], string>;
type BarConfig = ChartConfiguration<'bar', number[], string>;

export interface ProgressChartConfigs {
  score: LineConfig;
  fillers: LineConfig;
  wpm: LineConfig;
  categories: BarConfig;
}

export interface ChartStyle {
  theme: ChartTheme;
  /** Omit to let the renderer (e.g. QuickChart) pick its own font. */
  fontFamily?: string;
}

/*
 * Sizes are for a 600×400 panel that Discord and Slack show at roughly 45 % scale inside a 1200×800 grid, so the
 * text is twice what a browser chart would use. Configs hold data only (no callbacks), so QuickChart can take them
 * as they are.
 */
const TITLE_PX = 26;
const TICK_PX = 18;
const LEGEND_PX = 18;

function font(style: ChartStyle, size: number, weight: 'normal' | 'bold' = 'normal') {
  return style.fontFamily === undefined ? { size, weight } : { family: style.fontFamily, size, weight };
}

/** Said under a panel's title when its series has no value at all, so an empty panel does not look broken. */
export const NO_SPOKEN_ANSWERS = 'No spoken answers yet — answer by voice to see this';

function baseOptions(style: ChartStyle, p: ChartPalette, title: string, showLegend: boolean, subtitle?: string) {
  return {
    responsive: false,
    animation: false as const,
    devicePixelRatio: 1,
    layout: { padding: { top: 6, right: 16, bottom: 8, left: 8 } },
    plugins: {
      title: { display: true, text: title, color: p.text, font: font(style, TITLE_PX, 'bold'), padding: { bottom: 6 } },
      subtitle: { display: subtitle !== undefined, text: subtitle ?? '', color: p.mutedText, font: font(style, LEGEND_PX), padding: { bottom: 8 } },
      legend: {
        display: showLegend,
        position: 'bottom' as const,
        // Point styles make the legend draw a line for line series and a box for the band.
        labels: { color: p.text, font: font(style, LEGEND_PX), usePointStyle: true, boxHeight: 12, padding: 14 },
      },
      tooltip: { enabled: false },
    },
  };
}

function axis(style: ChartStyle, p: ChartPalette, extra: { min?: number; max?: number; suggestedMin?: number; suggestedMax?: number; title?: string }) {
  return {
    ...(extra.min === undefined ? {} : { min: extra.min }),
    ...(extra.max === undefined ? {} : { max: extra.max }),
    ...(extra.suggestedMin === undefined ? {} : { suggestedMin: extra.suggestedMin }),
    ...(extra.suggestedMax === undefined ? {} : { suggestedMax: extra.suggestedMax }),
    grid: { color: p.grid },
    border: { color: p.grid },
    ticks: { color: p.mutedText, font: font(style, TICK_PX), maxRotation: 0, autoSkipPadding: 14 },
    title:
      extra.title === undefined
        ? { display: false }
        : { display: true, text: extra.title, color: p.mutedText, font: font(style, TICK_PX) },
  };
}

function noValues(series: readonly (number | null)[]): boolean {
  return series.every((v) => v === null);
}

function sessionAxis(style: ChartStyle, p: ChartPalette) {
  return axis(style, p, {});
}

export function buildProgressChartConfigs(data: ProgressChartData, style: ChartStyle): ProgressChartConfigs {
  const p = chartPalette(style.theme);
  const { trend, categories, paceBand } = data;
  type Dataset = LineConfig['data']['datasets'][number];
  // Straight segments: sessions are discrete, a smoothed curve would suggest values between them.
  const line = (label: string, values: (number | null)[], colour: string): Dataset => ({
    borderWidth: 3,
    pointRadius: 3,
    tension: 0,
    spanGaps: true,
    pointStyle: 'circle' as const,
    label,
    data: values,
    borderColor: colour,
    backgroundColor: colour,
  });
  /** A panel of per-session series: sessions along x, `y` for the values. */
  const trendPanel = (panel: { datasets: Dataset[]; title: string; legend: boolean; subtitle?: string; y: ReturnType<typeof axis> }): LineConfig => ({
    type: 'line',
    data: { labels: trend.labels, datasets: panel.datasets },
    options: {
      ...baseOptions(style, p, panel.title, panel.legend, panel.subtitle),
      scales: { x: sessionAxis(style, p), y: panel.y },
    },
  });

  const score = trendPanel({
    datasets: [
      line('Score per session', trend.score, p.score),
      { ...line(`${data.movingAverageWindow}-session average`, trend.scoreMovingAverage, p.movingAverage), borderDash: [8, 5], pointRadius: 0, pointStyle: 'line' as const },
      ...(trend.peerStarsScaled?.some((v) => v !== null) ? [{ ...line('Peer stars × 2', trend.peerStarsScaled, p.best), pointStyle: 'rectRot' as const, pointRadius: 5 }] : []),
    ],
    title: 'Score (0–10)',
    legend: true,
    subtitle: data.heading,
    y: axis(style, p, { min: 0, max: 10 }),
  });

  const fillers = trendPanel({
    datasets: [line('Fillers per minute', trend.fillersPerMinute, p.fillers)],
    title: 'Fillers per minute (lower is better)',
    legend: false,
    subtitle: noValues(trend.fillersPerMinute) ? NO_SPOKEN_ANSWERS : undefined,
    y: axis(style, p, { min: 0, suggestedMax: 6 }),
  });

  // The band is a dataset at the upper bound filled down to the lower bound, so it needs no plugin code.
  const wpm = trendPanel({
    datasets: [
      line('Words per minute', trend.wpm, p.wpmLine),
      {
        label: `Recommended ${paceBand.min}–${paceBand.max}`,
        data: trend.labels.map(() => paceBand.max),
        fill: { value: paceBand.min },
        backgroundColor: p.paceBand,
        borderColor: p.paceBand,
        borderWidth: 0,
        pointRadius: 0,
        pointStyle: 'rect' as const,
      },
    ],
    title: 'Pace (words per minute)',
    legend: true,
    subtitle: noValues(trend.wpm) ? NO_SPOKEN_ANSWERS : undefined,
    y: axis(style, p, { suggestedMin: paceBand.min - 40, suggestedMax: paceBand.max + 35 }),
  });

  const best = 0;
  const weakest = categories.scores.length - 1;
  const categoryColours = categories.scores.map((_, i) =>
    categories.scores.length > 1 && i === best ? p.best : categories.scores.length > 1 && i === weakest ? p.weakest : p.category,
  );
  const categoriesChart: BarConfig = {
    type: 'bar',
    data: {
      labels: categories.labels.map((label, i) => `${label} (${categories.answers[i] ?? 0})`),
      datasets: [{ label: 'Average score', data: categories.scores, backgroundColor: categoryColours, borderWidth: 0, barPercentage: 0.75 }],
    },
    options: {
      ...baseOptions(style, p, 'Average score by category (answers)', false),
      indexAxis: 'y',
      scales: { x: axis(style, p, { min: 0, max: 10 }), y: { ...axis(style, p, {}), grid: { display: false } } },
    },
  };

  return { score, fillers, wpm, categories: categoriesChart };
}
