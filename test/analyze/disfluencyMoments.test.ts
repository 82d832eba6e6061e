import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/pipeline/analyze/analyzeText.js';
import { computeDeliveryScore, type DeliveryInputs } from '../../src/pipeline/analyze/deliveryScore.js';
import { describeCluster, disfluencyClusters } from '../../src/pipeline/analyze/disfluencyClusters.js';
import { fillerTimes } from '../../src/pipeline/analyze/fillerTimes.js';
import { spokenDisfluency } from '../../src/pipeline/analyze/spokenDisfluency.js';
import { fillerSummary } from '../../src/commands/format.js';

describe('clusters of fillers and hesitations', () => {
  it('three within 5 s make a moment; two do not', () => {
    expect(disfluencyClusters([{ at: 42.1, kind: 'hesitation' }, { at: 44, kind: 'hesitation' }, { at: 46.5, kind: 'hesitation' }])).toEqual([
      { start: 42.1, end: 46.5, count: 3, kinds: { hesitation: 3 } },
    ]);
    expect(disfluencyClusters([{ at: 10, kind: 'filler' }, { at: 12, kind: 'hesitation' }])).toEqual([]);
  });

  it('needs all three inside one 5 s window, and counts each event once', () => {
    // 0, 4, 8: every neighbour is within 5 s but no window holds three.
    expect(disfluencyClusters([0, 4, 8].map((at) => ({ at, kind: 'filler' as const })))).toEqual([]);
    // A slide: 0 is dropped when 6 arrives; 3, 6, 7 make the moment.
    const slid = disfluencyClusters([0, 3, 6, 7].map((at) => ({ at, kind: 'filler' as const })));
    expect(slid).toEqual([{ start: 3, end: 7, count: 3, kinds: { filler: 3 } }]);
    // Six in a row within 10 s: two moments, not overlapping.
    const two = disfluencyClusters([1, 2, 3, 7, 8, 9].map((at) => ({ at, kind: 'hesitation' as const })));
    expect(two.map((c) => [c.start, c.count])).toEqual([[1, 3], [7, 3]]);
  });

  it('reads as a time in the answer', () => {
    expect(describeCluster({ start: 42.3, end: 45.9, count: 3, kinds: { hesitation: 3 } })).toBe('0:42 — 3 hesitations within 4 s');
    expect(describeCluster({ start: 65, end: 68, count: 3, kinds: { filler: 2, hesitation: 1 } })).toBe('1:05 — 2 fillers and 1 hesitation within 3 s');
  });
});

describe('filler times from word timestamps', () => {
  it('places each filler at the start of its word, even when the word list splits or punctuates differently', () => {
    const text = 'Um, so we, you know, moved it. Like, it was slow.';
    const analysis = analyzeText({ text });
    const words = [
      { word: 'Um,', start: 0.2, end: 0.5 },
      { word: 'so', start: 0.6, end: 0.8 },
      { word: 'we,', start: 0.8, end: 1 },
      { word: 'you know,', start: 1.1, end: 1.5 },
      { word: 'moved', start: 1.6, end: 1.9 },
      { word: 'it.', start: 1.9, end: 2.1 },
      { word: 'Like,', start: 2.5, end: 2.8 },
      { word: 'it', start: 2.9, end: 3 },
      { word: 'was', start: 3, end: 3.2 },
      { word: 'slow.', start: 3.2, end: 3.6 },
    ];
    const fillers = analysis.fillers.spans.map((s) => text.slice(s.start, s.end).toLowerCase());
    expect(fillers).toContain('um');
    const times = fillerTimes(text, analysis.fillers.spans, words);
    expect(times).toHaveLength(analysis.fillers.total);
    expect(times).toContain(0.2);
    expect(times).toContain(2.5);
  });

  it('gives no times without word timestamps', () => {
    const analysis = analyzeText({ text: 'Um, uh, like, yes.' });
    expect(fillerTimes(analysis.transcript, analysis.fillers.spans, [])).toEqual([]);
  });

  it('joins the transcript fillers and the hesitations into one moment', () => {
    const text = 'Um, the cache was cold.';
    const analysis = analyzeText({ text, durationSec: 60 });
    const words = [{ word: 'Um,', start: 40, end: 40.3 }, { word: 'the', start: 40.4, end: 40.5 }, { word: 'cache', start: 40.5, end: 40.9 }, { word: 'was', start: 41, end: 41.2 }, { word: 'cold.', start: 41.2, end: 41.6 }];
    const hesitations = { total: 2, spans: [{ start: 42, end: 42.6 }, { start: 44.1, end: 44.5 }] };
    const spoken = spokenDisfluency(analysis, words, hesitations, 60);
    expect(spoken.hesitationsPerMinute).toBe(2);
    expect(spoken.clusters).toEqual([{ start: 40, end: 44.1, count: 3, kinds: { filler: 1, hesitation: 2 } }]);
  });
});

describe('hesitations in the delivery score and on the card', () => {
  const base: DeliveryInputs = {
    wpm: 130,
    fillersPerMinute: 1,
    hedgesPerMinute: 0,
    pauseRatio: 0.1,
    longestPauseSec: 1,
    pitchVariabilitySemitones: 4,
    loudnessVariabilityDb: 5,
  };

  it('count as fillers: 1 filler + 3 hesitations per minute scores the fillers part as 4 per minute', () => {
    expect(computeDeliveryScore(base).parts.fillers).toBe(100);
    const withHesitations = computeDeliveryScore({ ...base, hesitationsPerMinute: 3 });
    // 100 at 1/min, 0 at 8/min: 4/min → 100 · (1 − 3/7) ≈ 57.
    expect(withHesitations.parts.fillers).toBe(57);
    expect(withHesitations.score).toBeLessThan(computeDeliveryScore(base).score);
    expect(withHesitations.notes[0]).toMatch(/Fillers at 4\/min/);
    expect(computeDeliveryScore({ ...base, hesitationsPerMinute: null }).parts.fillers).toBe(100);
  });

  it('show next to the transcript fillers', () => {
    expect(fillerSummary({ um: 1, like: 1 }, 2, 3, null)).toBe('fillers 2 (like ×1, um ×1) + 3 hesitations the transcript left out');
    expect(fillerSummary({ um: 1 }, 1, 1, 4.5)).toBe('fillers 1 (um ×1) + 1 hesitation the transcript left out = 4.5/min');
    expect(fillerSummary({}, 0, 0, 0)).toBe('fillers 0 = 0/min');
    expect(fillerSummary({}, 0, null, null)).toBe('fillers 0');
  });
});
