import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { Chart, ChartConfiguration } from 'chart.js';
import { composeGrid, panelSize } from './composeGrid.js';
import { ensureChartFont } from './ensureChartFont.js';
import { buildProgressChartConfigs } from './progressChartConfigs.js';
import { registerChartJs } from './registerChartJs.js';
import type { ChartGridOptions, ChartRenderer, ProgressChartData } from './types.js';

type PanelConfig = ChartConfiguration<'line', (number | null)[], string> | ChartConfiguration<'bar', number[], string>;

/** Renders in-process with chart.js 4 on @napi-rs/canvas: no network, no browser. */
export function createLocalChartRenderer(): ChartRenderer {
  return {
    name: 'local',
    async renderProgressGrid(data: ProgressChartData, options: ChartGridOptions): Promise<Buffer> {
      const ChartJs = registerChartJs();
      const font = ensureChartFont();
      const configs = buildProgressChartConfigs(data, { theme: options.theme, ...(font.family ? { fontFamily: font.family } : {}) });
      const size = panelSize(options);
      const panels: Canvas[] = [];
      const charts: Chart[] = [];
      try {
        const order: PanelConfig[] = [configs.score, configs.fillers, configs.wpm, configs.categories];
        for (const config of order) {
          const canvas = createCanvas(size.width, size.height);
          // With animation off Chart.js draws synchronously in the constructor.
          charts.push(new ChartJs(canvas.getContext('2d'), config));
          panels.push(canvas);
        }
        return await composeGrid(panels, options);
      } finally {
        // destroy() clears the canvas, so it may only run after the panels were copied onto the grid.
        for (const chart of charts) chart.destroy();
      }
    },
  };
}
