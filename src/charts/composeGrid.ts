import { createCanvas, type Canvas, type Image } from '@napi-rs/canvas';
import { encodeRgbaPng } from './encodePng.js';
import { chartPalette } from './theme.js';
import type { ChartGridOptions } from './types.js';

export interface PanelSize {
  width: number;
  height: number;
}

export function panelSize(options: ChartGridOptions): PanelSize {
  return { width: Math.floor(options.width / 2), height: Math.floor(options.height / 2) };
}

/**
 * Paints four panels (row by row) on one themed background with hairline separators, onto `canvas` (of the grid's
 * size; a new one when omitted), and returns a copy of its pixels. The background covers the whole canvas first,
 * so nothing of an earlier drawing on a reused canvas shows through.
 */
export function paintGrid(panels: readonly (Canvas | Image)[], options: ChartGridOptions, canvas: Canvas = createCanvas(options.width, options.height)): Uint8ClampedArray {
  const p = chartPalette(options.theme);
  const size = panelSize(options);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = p.background;
  ctx.fillRect(0, 0, options.width, options.height);
  panels.forEach((panel, i) => {
    const x = (i % 2) * size.width;
    const y = Math.floor(i / 2) * size.height;
    ctx.drawImage(panel, x, y, size.width, size.height);
  });
  ctx.strokeStyle = p.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(size.width + 0.5, 12);
  ctx.lineTo(size.width + 0.5, options.height - 12);
  ctx.moveTo(12, size.height + 0.5);
  ctx.lineTo(options.width - 12, size.height + 0.5);
  ctx.stroke();
  return ctx.getImageData(0, 0, options.width, options.height).data;
}

/** The grid as a PNG. */
export async function composeGrid(panels: readonly (Canvas | Image)[], options: ChartGridOptions): Promise<Buffer> {
  return encodeRgbaPng(paintGrid(panels, options), options.width, options.height);
}
