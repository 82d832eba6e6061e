import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { Chart, ChartConfiguration } from 'chart.js';
import { paintGrid, panelSize } from './composeGrid.js';
import { encodeRgbaPng } from './encodePng.js';
import { ensureChartFont } from './ensureChartFont.js';
import { buildProgressChartConfigs } from './progressChartConfigs.js';
import { registerChartJs } from './registerChartJs.js';
import type { ChartGridOptions, ChartRenderer, ProgressChartData } from './types.js';

type PanelConfig = ChartConfiguration<'line', (number | null)[], string> | ChartConfiguration<'bar', number[], string>;

/** The four panel charts and the grid canvas, kept from one drawing to the next at one size. */
interface Panels {
  width: number;
  height: number;
  canvases: Canvas[];
  charts: Chart[];
  grid: Canvas;
}

/**
 * Renders in-process with chart.js 4 on @napi-rs/canvas: no network, no browser. The charts and canvases are made
 * once and updated with each drawing's configs: a new Chart resizes its canvas (which @napi-rs/canvas answers by
 * allocating a new surface) and sets up its plugins and scales, which cost twice the drawing itself. The pixels
 * are the same as from new charts (test/progress/renderProgressPng.test.ts).
 */
export function createLocalChartRenderer(): ChartRenderer {
  let kept: Panels | undefined;
  return {
    name: 'local',
    async renderProgressGrid(data: ProgressChartData, options: ChartGridOptions): Promise<Buffer> {
      const ChartJs = registerChartJs();
      const font = ensureChartFont();
      const configs = buildProgressChartConfigs(data, { theme: options.theme, ...(font.family ? { fontFamily: font.family } : {}) });
      const order: PanelConfig[] = [configs.score, configs.fillers, configs.wpm, configs.categories];
      const size = panelSize(options);
      if (kept && (kept.width !== options.width || kept.height !== options.height)) {
        for (const chart of kept.charts) chart.destroy();
        kept = undefined;
      }
      // From here to the pixels being read nothing awaits, so drawings that overlap (each awaits its encode) never
      // share the canvases.
      if (kept) {
        try {
          order.forEach((config, i) => {
            const chart = kept?.charts[i];
            if (!chart) return;
            chart.data = config.data;
            chart.options = config.options ?? {};
            // With animation off Chart.js lays out and draws synchronously.
            chart.update();
          });
        } catch (error) {
          // A chart that failed half-way is not trusted with the next drawing.
          for (const chart of kept.charts) chart.destroy();
          kept = undefined;
          throw error;
        }
      } else {
        const canvases = order.map(() => createCanvas(size.width, size.height));
        // With animation off Chart.js draws synchronously in the constructor.
        const charts = order.map((config, i) => new ChartJs((canvases[i] ?? createCanvas(size.width, size.height)).getContext('2d'), config));
        kept = { width: options.width, height: options.height, canvases, charts, grid: createCanvas(options.width, options.height) };
      }
      const pixels = paintGrid(kept.canvases, options, kept.grid);
      return encodeRgbaPng(pixels, options.width, options.height);
    },
  };
}
