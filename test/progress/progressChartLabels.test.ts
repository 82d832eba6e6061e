import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { buildProgressChartConfigs, NO_SPOKEN_ANSWERS } from '../../src/charts/progressChartConfigs.js';
import { createLocalChartRenderer } from '../../src/charts/index.js';
import type { ProgressChartData } from '../../src/charts/types.js';
import { sessionLabels } from '../../src/commands/progress/renderProgressPng.js';

function data(spoken: boolean): ProgressChartData {
  return {
    heading: 'Ana · last 30 days',
    trend: {
      labels: ['1 Dec', '2 Dec 09:15', '2 Dec 18:40'],
      score: [5, 6, 7],
      scoreMovingAverage: [5, 5.5, 6],
      fillersPerMinute: spoken ? [3, 2, null] : [null, null, null],
      wpm: spoken ? [120, 130, null] : [null, null, null],
    },
    categories: { labels: ['caching', 'apis'], scores: [7, 5], answers: [2, 1] },
    paceBand: { min: 100, max: 165 },
    movingAverageWindow: 3,
  };
}

describe('progress chart labels', () => {
  it('adds the time of day only where sessions share a day', () => {
    expect(sessionLabels(['2026-12-01T10:00:00.000Z', '2026-12-02T09:15:00.000Z', '2026-12-02T18:40:00.000Z', '2026-12-03T08:00:00.000Z'])).toEqual([
      '1 Dec',
      '2 Dec 09:15',
      '2 Dec 18:40',
      '3 Dec',
    ]);
  });

  it('names the person and the period on the score panel, and says when a panel has no spoken answers', () => {
    const typed = buildProgressChartConfigs(data(false), { theme: 'dark' });
    expect(typed.score.options?.plugins?.subtitle).toMatchObject({ display: true, text: 'Ana · last 30 days' });
    expect(typed.fillers.options?.plugins?.subtitle).toMatchObject({ display: true, text: NO_SPOKEN_ANSWERS });
    expect(typed.wpm.options?.plugins?.subtitle).toMatchObject({ display: true, text: NO_SPOKEN_ANSWERS });
    const spoken = buildProgressChartConfigs(data(true), { theme: 'dark' });
    expect(spoken.fillers.options?.plugins?.subtitle).toMatchObject({ display: false });
    expect(spoken.wpm.options?.plugins?.subtitle).toMatchObject({ display: false });
  });

  it('draws the "no spoken answers" line under the fillers panel title', async () => {
    const renderer = createLocalChartRenderer();
    const size = { width: 1200, height: 800, theme: 'dark' as const };
    const textPixels = async (png: Buffer): Promise<number> => {
      const image = await loadImage(png);
      const canvas = createCanvas(image.width, image.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(image, 0, 0);
      // The top-right panel (fillers): the band just under its title, where the subtitle goes.
      const band = ctx.getImageData(640, 40, 520, 26).data;
      let lit = 0;
      for (let i = 0; i < band.length; i += 4) if ((band[i] ?? 0) > 120) lit++;
      return lit;
    };
    const typed = await textPixels(await renderer.renderProgressGrid(data(false), size));
    const spoken = await textPixels(await renderer.renderProgressGrid(data(true), size));
    expect(typed).toBeGreaterThan(150);
    expect(typed).toBeGreaterThan(spoken * 2);
  });
});
