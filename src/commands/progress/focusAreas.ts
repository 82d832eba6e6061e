import {
  CRITERION_TARGET,
  FILLERS_PER_MINUTE_MAX,
  KEYWORD_MISSED_MIN,
  KEYWORD_MISSED_SHARE,
  LONG_PAUSE_SEC,
  PACE_BAND_WPM,
} from './thresholds.js';
import type { CategoryScore, FocusItem, RecentPerformance } from './types.js';

type Criterion = keyof RecentPerformance['criteria'];

const CRITERIA: readonly Criterion[] = ['relevance', 'depth', 'structure', 'clarity'];

const CRITERION_ADVICE: Record<Criterion, string> = {
  relevance: 'Answer the question asked',
  depth: 'Go deeper with specifics and trade-offs',
  structure: 'Structure your answers (situation → action → result)',
  clarity: 'Say it more plainly',
};

const MAX_ITEMS = 3;

function oneDecimal(n: number): string {
  return n.toFixed(1);
}

/** Items whose stored figure is past its threshold, each with how far past it (relative), so they can be ranked. */
function pastThreshold(recent: RecentPerformance): FocusItem[] {
  const items: FocusItem[] = [];
  const { fillersPerMinute, wpm, longestPauseSec } = recent;
  if (fillersPerMinute !== null && fillersPerMinute > FILLERS_PER_MINUTE_MAX) {
    items.push({
      kind: 'fillers',
      text: `Cut fillers: ${oneDecimal(fillersPerMinute)} per minute (aim for under ${FILLERS_PER_MINUTE_MAX})`,
      value: fillersPerMinute,
      severity: (fillersPerMinute - FILLERS_PER_MINUTE_MAX) / FILLERS_PER_MINUTE_MAX,
    });
  }
  const band = `${PACE_BAND_WPM.min}–${PACE_BAND_WPM.max}`;
  if (wpm !== null && wpm < PACE_BAND_WPM.min) {
    items.push({
      kind: 'pace_slow',
      text: `Speed up a little: ${Math.round(wpm)} wpm (aim for ${band})`,
      value: wpm,
      severity: (PACE_BAND_WPM.min - wpm) / PACE_BAND_WPM.min,
    });
  } else if (wpm !== null && wpm > PACE_BAND_WPM.max) {
    items.push({
      kind: 'pace_fast',
      text: `Slow down: ${Math.round(wpm)} wpm (aim for ${band})`,
      value: wpm,
      severity: (wpm - PACE_BAND_WPM.max) / PACE_BAND_WPM.max,
    });
  }
  if (longestPauseSec !== null && longestPauseSec > LONG_PAUSE_SEC) {
    items.push({
      kind: 'pauses',
      text: `Shorten long pauses: the longest averages ${oneDecimal(longestPauseSec)} s (aim for under ${LONG_PAUSE_SEC} s)`,
      value: longestPauseSec,
      severity: (longestPauseSec - LONG_PAUSE_SEC) / LONG_PAUSE_SEC,
    });
  }
  for (const criterion of CRITERIA) {
    const value = recent.criteria[criterion];
    if (value !== null && value < CRITERION_TARGET) {
      items.push({
        kind: criterion,
        text: `${CRITERION_ADVICE[criterion]}: ${criterion} averages ${oneDecimal(value)}/10`,
        value,
        severity: (CRITERION_TARGET - value) / CRITERION_TARGET,
      });
    }
  }
  const minMisses = Math.max(KEYWORD_MISSED_MIN, KEYWORD_MISSED_SHARE * recent.answers);
  const missed = recent.missedKeywords.filter((k) => k.count >= minMisses);
  const top = missed[0];
  if (top && recent.answers > 0) {
    items.push({
      kind: 'keywords',
      text: `Cover points you often miss: ${missed.map((k) => `${k.word} (${k.count}×)`).join(', ')}`,
      value: top.count,
      // Share of recent answers that missed the top keyword.
      severity: top.count / recent.answers,
    });
  }
  return items;
}

/** Weakest spots that are not past a threshold, to fill the list when fewer than three things stand out. */
function weakestSpots(recent: RecentPerformance, weakest: CategoryScore | null): FocusItem[] {
  const items: FocusItem[] = [];
  const lowest = CRITERIA.map((c) => ({ c, v: recent.criteria[c] }))
    .filter((x): x is { c: Criterion; v: number } => x.v !== null)
    .sort((a, b) => a.v - b.v)[0];
  if (lowest) {
    items.push({
      kind: lowest.c,
      text: `${CRITERION_ADVICE[lowest.c]}: ${lowest.c} is your lowest criterion (${oneDecimal(lowest.v)}/10)`,
      value: lowest.v,
      severity: 0,
    });
  }
  if (weakest) {
    items.push({
      kind: 'category',
      text: `Practise ${weakest.category}: your weakest category (${oneDecimal(weakest.avgScore)}/10)`,
      value: weakest.avgScore,
      severity: 0,
    });
  }
  return items;
}

/**
 * The three things to work on next, from stored figures only: what is furthest past its threshold first (ties keep
 * the order delivery → criteria → keywords), then the weakest criterion and category when fewer stand out.
 */
export function focusAreas(recent: RecentPerformance, weakest: CategoryScore | null): FocusItem[] {
  const ranked = pastThreshold(recent)
    .map((item, order) => ({ item: { ...item, severity: Math.round(item.severity * 1000) / 1000 }, order }))
    .sort((a, b) => b.item.severity - a.item.severity || a.order - b.order)
    .map((x) => x.item);
  const chosen = ranked.slice(0, MAX_ITEMS);
  for (const spot of weakestSpots(recent, weakest)) {
    if (chosen.length >= MAX_ITEMS) break;
    if (!chosen.some((c) => c.kind === spot.kind)) chosen.push(spot);
  }
  return chosen;
}
