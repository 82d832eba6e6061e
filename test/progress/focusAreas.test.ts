import { describe, expect, it } from 'vitest';
import { focusAreas } from '../../src/commands/progress/focusAreas.js';
import type { RecentPerformance } from '../../src/commands/progress/types.js';

const steady: RecentPerformance = {
  answers: 10,
  spokenAnswers: 10,
  score: 8,
  criteria: { relevance: 8, depth: 8, structure: 8, clarity: 8 },
  fillersPerMinute: 1,
  wpm: 140,
  longestPauseSec: 1,
  missedKeywords: [],
};

describe('focusAreas', () => {
  it('flags a fast pace against the 165 wpm upper bound', () => {
    expect(focusAreas({ ...steady, wpm: 198 }, null)[0]).toEqual({
      kind: 'pace_fast',
      text: 'Slow down: 198 wpm (aim for 100–165)',
      value: 198,
      severity: 0.2, // (198 − 165) / 165
    });
  });

  it('ignores delivery figures that were never measured (typed answers only)', () => {
    const typed = { ...steady, spokenAnswers: 0, fillersPerMinute: null, wpm: null, longestPauseSec: null };
    expect(focusAreas(typed, null).map((f) => f.kind)).toEqual(['relevance']);
  });

  it('only names keywords missed more than once and in at least a tenth of recent answers', () => {
    const once = { ...steady, missedKeywords: [{ word: 'idempotency', count: 1 }] };
    expect(focusAreas(once, null).some((f) => f.kind === 'keywords')).toBe(false);
    const rare = { ...steady, answers: 50, missedKeywords: [{ word: 'idempotency', count: 4 }] };
    expect(focusAreas(rare, null).some((f) => f.kind === 'keywords')).toBe(false);
    const often = { ...steady, answers: 50, missedKeywords: [{ word: 'idempotency', count: 5 }, { word: 'retries', count: 4 }] };
    expect(focusAreas(often, null)[0]).toMatchObject({ kind: 'keywords', text: 'Cover points you often miss: idempotency (5×)', severity: 0.1 });
  });

  it('suggests nothing when there are no figures at all', () => {
    const none: RecentPerformance = {
      answers: 0,
      spokenAnswers: 0,
      score: null,
      criteria: { relevance: null, depth: null, structure: null, clarity: null },
      fillersPerMinute: null,
      wpm: null,
      longestPauseSec: null,
      missedKeywords: [],
    };
    expect(focusAreas(none, null)).toEqual([]);
  });
});
