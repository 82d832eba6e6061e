import type { PracticeStreak } from './types.js';

const DAY_MS = 86_400_000;

export function utcDayString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Consecutive UTC days with practice, counted back from today, or from yesterday when today has none yet (the
 * streak is still alive until the day is over).
 */
export function practiceStreak(daysNewestFirst: readonly string[], now: Date): PracticeStreak {
  const today = utcDayString(now);
  const days = daysNewestFirst.filter((d) => d <= today);
  const last = days[0] ?? null;
  const practisedToday = last === today;
  let expected = practisedToday ? now.getTime() : now.getTime() - DAY_MS;
  let streak = 0;
  for (const day of days) {
    if (day !== utcDayString(new Date(expected))) break;
    streak += 1;
    expected -= DAY_MS;
  }
  return { days: streak, practisedToday, lastPracticeDay: last };
}
