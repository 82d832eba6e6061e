/** What the progress charts show. Plain data so the same series feed the local renderer and QuickChart. */
export interface ProgressTrendSeries {
  /** One label per session, e.g. `24 Nov`. */
  labels: string[];
  /** Average score (0–10) per session. */
  score: (number | null)[];
  scoreMovingAverage: (number | null)[];
  /** Spoken answers only; null where a session had none. */
  fillersPerMinute: (number | null)[];
  wpm: (number | null)[];
  /**
   * Peer ratings per session, stars (1–5) × 2 so they sit on the score's 0–10 axis; null where nobody rated. Left
   * out (or all null) when the person was never rated: no line is drawn.
   */
  peerStarsScaled?: (number | null)[];
}

/** Sorted best average first: the first bar is coloured as best, the last as weakest. */
export interface ProgressCategorySeries {
  labels: string[];
  /** Average score (0–10) per category. */
  scores: number[];
  answers: number[];
}

export interface ProgressChartData {
  /** Whose chart and over what period, e.g. `Ana · last 30 days`; shown at the top of the image. */
  heading?: string;
  trend: ProgressTrendSeries;
  categories: ProgressCategorySeries;
  /** Recommended speaking pace, shaded on the WPM chart. */
  paceBand: { min: number; max: number };
  movingAverageWindow: number;
}

export type ChartTheme = 'dark' | 'light';

export interface ChartGridOptions {
  /** Whole image; each of the 2×2 panels gets half of each side. */
  width: number;
  height: number;
  theme: ChartTheme;
}

/** Turns chart data into one PNG (a 2×2 grid). */
export interface ChartRenderer {
  readonly name: string;
  renderProgressGrid(data: ProgressChartData, options: ChartGridOptions): Promise<Buffer>;
}
