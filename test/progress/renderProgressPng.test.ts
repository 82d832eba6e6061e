// storage: SQLite and PostgreSQL
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalChartRenderer, ensureChartFont, readPngInfo } from '../../src/charts/index.js';
import type { OpenDatabase } from '../../src/db/openDatabaseFromConfig.js';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { buildProgressReport } from '../../src/commands/progress/buildProgressReport.js';
import { PROGRESS_PNG_SIZE, progressChartData, renderProgressPng } from '../../src/commands/progress/renderProgressPng.js';
import type { ProgressReport } from '../../src/commands/progress/types.js';
import { SCENARIO_NOW, seedProgressScenario } from '../helpers/seedHistory.js';

let temp: TempDatabase;
let handle: OpenDatabase;
let report: ProgressReport;
let empty: ProgressReport;
let recent: ProgressReport;

beforeAll(async () => {
  temp = await createTempDatabase();
  handle = temp.database;
  const s = await seedProgressScenario(handle);
  report = await buildProgressReport(handle, { userId: s.alice, now: SCENARIO_NOW });
  empty = await buildProgressReport(handle, { userId: s.nobody, now: SCENARIO_NOW });
  recent = await buildProgressReport(handle, { userId: s.alice, now: SCENARIO_NOW, periodDays: 7 });
});

afterAll(async () => {
  await temp.cleanup();
});

async function pixels(png: Buffer) {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return (x: number, y: number, w = 1, h = 1) => ctx.getImageData(x, y, w, h).data;
}

describe('renderProgressPng (local chart.js + @napi-rs/canvas)', () => {
  it('writes a PNG of the declared size with the dark background', async () => {
    const png = await renderProgressPng(report);
    expect(png).not.toBeNull();
    if (!png) return;
    expect(readPngInfo(png)).toEqual({ width: PROGRESS_PNG_SIZE.width, height: PROGRESS_PNG_SIZE.height });
    const at = await pixels(png);
    expect([...at(2, 2)]).toEqual([0x2b, 0x2d, 0x31, 255]);
  });

  it('draws text: the panel titles leave light pixels on the dark background', async () => {
    expect(ensureChartFont().family).not.toBeNull();
    const png = await renderProgressPng(report);
    if (!png) throw new Error('no png');
    const at = await pixels(png);
    // The first panel's title sits centred in the top 40 px of the left half.
    const title = at(150, 4, 300, 36);
    let light = 0;
    for (let i = 0; i < title.length; i += 4) if ((title[i] ?? 0) > 200 && (title[i + 1] ?? 0) > 200) light += 1;
    expect(light).toBeGreaterThan(200);
  });

  it('honours another size and the light theme', async () => {
    const png = await renderProgressPng(report, { width: 800, height: 600, theme: 'light' });
    if (!png) throw new Error('no png');
    expect(readPngInfo(png)).toEqual({ width: 800, height: 600 });
    const at = await pixels(png);
    expect([...at(2, 2)]).toEqual([255, 255, 255, 255]);
  });

  it('draws the same pixels with charts kept from other drawings as with new ones', async () => {
    const decoded = async (png: Buffer) => {
      const image = await loadImage(png);
      const canvas = createCanvas(image.width, image.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(image, 0, 0);
      return Buffer.from(ctx.getImageData(0, 0, image.width, image.height).data.buffer);
    };
    const grid = { width: PROGRESS_PNG_SIZE.width, height: PROGRESS_PNG_SIZE.height, theme: 'dark' as const };
    const all = progressChartData(report, 'alice');
    const week = progressChartData(recent, 'alice');
    const kept = createLocalChartRenderer();
    await kept.renderProgressGrid(all, grid);
    // Other data, another theme, another size (new charts), then the first drawing again.
    await kept.renderProgressGrid(week, { ...grid, theme: 'light' });
    await kept.renderProgressGrid(week, { width: 800, height: 600, theme: 'dark' });
    await kept.renderProgressGrid(week, grid);
    const again = await decoded(await kept.renderProgressGrid(all, grid));
    const fromNew = await decoded(await createLocalChartRenderer().renderProgressGrid(all, grid));
    expect(again.equals(fromNew)).toBe(true);
    const weekFromNew = await decoded(await createLocalChartRenderer().renderProgressGrid(week, { ...grid, theme: 'light' }));
    expect(weekFromNew.equals(fromNew)).toBe(false);
    expect((await decoded(await kept.renderProgressGrid(week, { ...grid, theme: 'light' }))).equals(weekFromNew)).toBe(true);
  });

  it('draws nothing for an empty history', async () => {
    expect(await renderProgressPng(empty)).toBeNull();
  });

  it('refuses QuickChart without a URL, with a message fit to show', async () => {
    await expect(renderProgressPng(report, { renderer: 'quickchart' })).rejects.toMatchObject({
      name: 'UserFacingError',
      code: 'config_invalid',
    });
  });
});

describe('readPngInfo', () => {
  it('rejects bytes that are not a PNG', async () => {
    expect(readPngInfo(Buffer.from('<html>login</html>'))).toBeNull();
    expect(readPngInfo(Buffer.alloc(10))).toBeNull();
  });
});

describe('progressChartData', () => {
  it('keeps the best nine and the weakest category when there are more than ten', async () => {
    const categories = Array.from({ length: 12 }, (_, i) => ({ category: `c${i}`, answers: 1, avgScore: 10 - i / 2 }));
    const data = progressChartData({ ...report, categories });
    expect(data.categories.labels).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c11']);
  });
});
