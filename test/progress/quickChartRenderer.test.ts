import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPngInfo } from '../../src/charts/index.js';
import { renderProgressPng } from '../../src/commands/progress/renderProgressPng.js';
import type { ProgressReport } from '../../src/commands/progress/types.js';
import { startFakeQuickChart, type FakeQuickChart } from '../helpers/fakeQuickChartServer.js';
import { sessionId, userId } from '../helpers/ids.js';

const report: ProgressReport = {
  version: 1,
  generatedAt: '2026-11-24T12:00:00.000Z',
  scope: { userId: userId(1), workspaceId: null, role: null, periodDays: null, since: null },
  hasHistory: true,
  totals: { sessions: 2, answers: 3, firstAnswerAt: '2026-11-20T09:00:00.000Z', lastAnswerAt: '2026-11-24T08:00:00.000Z' },
  scoreWindows: [],
  categories: [
    { category: 'React', answers: 2, avgScore: 8 },
    { category: 'CSS', answers: 1, avgScore: 5 },
  ],
  best: { category: 'React', answers: 2, avgScore: 8 },
  weakest: { category: 'CSS', answers: 1, avgScore: 5 },
  fillers: [],
  streak: { days: 1, practisedToday: true, lastPracticeDay: '2026-11-24' },
  recent: {
    answers: 3,
    spokenAnswers: 3,
    score: 7,
    criteria: { relevance: 7, depth: 7, structure: 7, clarity: 7 },
    fillersPerMinute: 2,
    wpm: 130,
    longestPauseSec: 1,
    missedKeywords: [],
  },
  focus: [],
  trend: [
    { sessionId: sessionId('a'), startedAt: '2026-11-20T09:00:00.000Z', answers: 2, score: 7.5, scoreMovingAverage: 7.5, fillersPerMinute: 2, wpm: 120, deliveryScore: 70 },
    { sessionId: sessionId('b'), startedAt: '2026-11-24T08:00:00.000Z', answers: 1, score: 6, scoreMovingAverage: 6.75, fillersPerMinute: null, wpm: null, deliveryScore: null },
  ],
  movingAverageWindow: 3,
  paceBand: { min: 100, max: 165 },
};

let fake: FakeQuickChart;

beforeAll(async () => {
  fake = await startFakeQuickChart();
});

afterAll(async () => {
  await fake.close();
});

describe('CHART_RENDERER=quickchart against a local QuickChart', () => {
  it('asks for four Chart.js 4 panels and lays them out in the declared size', async () => {
    fake.requests.length = 0;
    const png = await renderProgressPng(report, { renderer: 'quickchart', quickchartUrl: fake.url });
    if (!png) throw new Error('no png');
    expect(readPngInfo(png)).toEqual({ width: 1200, height: 800 });
    expect(fake.requests).toHaveLength(4);
    for (const request of fake.requests) {
      expect(request.path).toBe('/chart');
      expect(request.body).toMatchObject({ width: 600, height: 400, version: '4', backgroundColor: '#2b2d31', devicePixelRatio: 1 });
    }
    const charts = fake.requests.map((r) => {
      const chart: unknown = JSON.parse(String(r.body.chart));
      return chart;
    });
    expect(charts.map((c) => (typeof c === 'object' && c !== null && 'type' in c ? c.type : null)).sort()).toEqual(['bar', 'line', 'line', 'line']);
    // The config is data only, so a real QuickChart can draw it; the pace band travels as a filled dataset.
    expect(String(fake.requests.map((r) => r.body.chart).join())).toContain('"fill":{"value":100}');
  });

  it('keeps a path prefix of QUICKCHART_URL', async () => {
    fake.requests.length = 0;
    await renderProgressPng(report, { renderer: 'quickchart', quickchartUrl: `${fake.url}/qc/` });
    expect(fake.requests.map((r) => r.path)).toEqual(['/qc/chart', '/qc/chart', '/qc/chart', '/qc/chart']);
  });

  it('reports a server error and a non-PNG answer', async () => {
    try {
      fake.failWith('http500');
      await expect(renderProgressPng(report, { renderer: 'quickchart', quickchartUrl: fake.url })).rejects.toThrow(/status code 500/);
      fake.failWith('notPng');
      await expect(renderProgressPng(report, { renderer: 'quickchart', quickchartUrl: fake.url })).rejects.toThrow(/did not answer with a PNG/);
    } finally {
      fake.failWith(null);
    }
  });
});
