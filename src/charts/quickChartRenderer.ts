import { loadImage, type Image } from '@napi-rs/canvas';
import quickchartModule from 'quickchart-js';
import { composeGrid, panelSize } from './composeGrid.js';
import { readPngInfo } from './pngInfo.js';
import { buildProgressChartConfigs } from './progressChartConfigs.js';
import { chartPalette } from './theme.js';
import type { ChartGridOptions, ChartRenderer, ProgressChartData } from './types.js';

// quickchart-js's types describe its CommonJS build (`{ default: QuickChart }`); Node's ESM import hands over the
// class itself. Accept both without a cast.
const QuickChart = 'default' in quickchartModule ? quickchartModule.default : quickchartModule;

export interface QuickChartRendererOptions {
  /** A self-hosted QuickChart, e.g. `http://quickchart:3400`; never quickchart.io by default. */
  url: string;
  timeoutMs?: number;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Asks a QuickChart server for each panel (Chart.js 4 configs, data only) and lays the four PNGs out locally, so the
 * image has the same shape as the local renderer's.
 */
export function createQuickChartRenderer(options: QuickChartRendererOptions): ChartRenderer {
  const base = new URL(options.url);
  const scheme = base.protocol.replace(/:$/, '');
  // quickchart-js builds `${scheme}://${host}/chart`, so a path prefix rides along in the host.
  const host = `${base.host}${base.pathname.replace(/\/+$/, '')}`;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function renderPanel(config: object, width: number, height: number, background: string): Promise<Image> {
    const chart = new QuickChart()
      .setScheme(scheme)
      .setHost(host)
      .setVersion('4')
      .setWidth(width)
      .setHeight(height)
      .setDevicePixelRatio(1)
      .setBackgroundColor(background)
      .setConfig(JSON.stringify(config));
    const png = await withTimeout(chart.toBinary(), timeoutMs, 'QuickChart');
    if (!readPngInfo(png)) throw new Error(`QuickChart at ${base.origin} did not answer with a PNG`);
    return loadImage(png);
  }

  return {
    name: 'quickchart',
    async renderProgressGrid(data: ProgressChartData, grid: ChartGridOptions): Promise<Buffer> {
      const configs = buildProgressChartConfigs(data, { theme: grid.theme });
      const size = panelSize(grid);
      const background = chartPalette(grid.theme).background;
      const panels = await Promise.all(
        [configs.score, configs.fillers, configs.wpm, configs.categories].map((config) =>
          renderPanel(config, size.width, size.height, background),
        ),
      );
      return composeGrid(panels, grid);
    },
  };
}
