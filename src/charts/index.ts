export type { ChartGridOptions, ChartRenderer, ChartTheme, ProgressCategorySeries, ProgressChartData, ProgressTrendSeries } from './types.js';
export { buildProgressChartConfigs, type ProgressChartConfigs, type ChartStyle } from './progressChartConfigs.js';
export { chartPalette, type ChartPalette } from './theme.js';
export { createLocalChartRenderer } from './localChartRenderer.js';
export { createQuickChartRenderer, type QuickChartRendererOptions } from './quickChartRenderer.js';
export { ensureChartFont, type ChartFontStatus } from './ensureChartFont.js';
export { readPngInfo, type PngInfo } from './pngInfo.js';
