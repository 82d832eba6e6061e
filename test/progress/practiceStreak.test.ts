import { describe, expect, it } from 'vitest';
import { formatChange, plural } from '../../src/commands/progress/formatProgress.js';
import { practiceStreak } from '../../src/commands/progress/practiceStreak.js';

const now = new Date('2026-03-01T00:30:00Z');

describe('practiceStreak', () => {
  it('counts back from today across a month end', () => {
    expect(practiceStreak(['2026-03-01', '2026-02-28', '2026-02-27', '2026-02-25'], now)).toEqual({
      days: 3,
      practisedToday: true,
      lastPracticeDay: '2026-03-01',
    });
  });

  it('stays alive from yesterday until today is over', () => {
    expect(practiceStreak(['2026-02-28', '2026-02-27'], now)).toEqual({ days: 2, practisedToday: false, lastPracticeDay: '2026-02-28' });
  });

  it('is broken by a missed day', () => {
    expect(practiceStreak(['2026-02-27', '2026-02-26'], now)).toEqual({ days: 0, practisedToday: false, lastPracticeDay: '2026-02-27' });
  });

  it('ignores days after now', () => {
    expect(practiceStreak(['2026-03-02', '2026-03-01'], now).days).toBe(1);
  });
});

describe('formatChange', () => {
  it('marks rises and falls with arrows at one decimal', () => {
    expect(formatChange(2.2)).toBe('▲ +2.2');
    expect(formatChange(-1.67)).toBe('▼ −1.7');
    expect(formatChange(0.04)).toBe('= 0.0');
  });

  it('groups thousands in counts', () => {
    expect(plural(10_000, 'answer')).toBe('10,000 answers');
    expect(plural(1, 'session')).toBe('1 session');
  });
});
