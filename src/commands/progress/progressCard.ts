import type { Card, CardField } from '../card.js';
import { formatChange, formatDay, oneDecimal, plural } from './formatProgress.js';
import type { ProgressReport, ScoreWindow, TrendPoint } from './types.js';
import { storyCoverageLines } from './storyCoverageLines.js';

export interface ProgressCardOptions {
  /** The grid from `renderProgressPng`; attached as `progress.png`. */
  png?: Buffer | null;
  /** Shown in the title, e.g. when someone shares their progress. */
  displayName?: string;
  /** Only the caller sees it unless they asked to share (`public:true`). */
  ephemeral?: boolean;
}

export const PROGRESS_IMAGE_NAME = 'progress.png';
const MAX_LISTED_CATEGORIES = 10;

function title(report: ProgressReport, displayName: string | undefined): string {
  const parts = [displayName ? `📈 Progress — ${displayName}` : '📈 Your progress'];
  if (report.scope.role) parts.push(report.scope.role);
  if (report.scope.periodDays !== null) parts.push(`last ${plural(report.scope.periodDays, 'day')}`);
  return parts.join(' · ');
}

function windowLine(w: ScoreWindow): string {
  const label = `Last ${w.days} days`;
  if (w.current === null) return `${label}: no answers`;
  if (w.previous === null || w.change === null) return `${label}: ${oneDecimal(w.current)} (nothing the ${w.days} days before)`;
  return `${label}: ${oneDecimal(w.current)} ${formatChange(w.change)} vs ${oneDecimal(w.previous)} the ${w.days} days before`;
}

function firstAndLast<T>(values: readonly (T | null)[]): [T, T] | null {
  const present = values.filter((v): v is T => v !== null);
  const first = present[0];
  const last = present[present.length - 1];
  return first === undefined || last === undefined ? null : [first, last];
}

/** What the trend charts show, in words, so the image is never the only carrier of a fact. */
function trendLines(report: ProgressReport): string[] {
  const points: TrendPoint[] = report.trend;
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return [];
  const lines = [
    `Sessions ${formatDay(first.startedAt)} → ${formatDay(last.startedAt)} (${points.length} shown)`,
    `Score (${report.movingAverageWindow}-session average): ${oneDecimal(first.scoreMovingAverage)} → ${oneDecimal(last.scoreMovingAverage)}`,
  ];
  const fillers = firstAndLast(points.map((p) => p.fillersPerMinute));
  if (fillers) lines.push(`Fillers per minute: ${oneDecimal(fillers[0])} → ${oneDecimal(fillers[1])}`);
  const wpm = firstAndLast(points.map((p) => p.wpm));
  if (wpm) {
    lines.push(`Pace: ${Math.round(wpm[0])} → ${Math.round(wpm[1])} wpm (aim for ${report.paceBand.min}–${report.paceBand.max})`);
  }
  return lines;
}

/** Live voice answers only; absent when none of the recent answers was one. */
function firstWordLine(report: ProgressReport): string | null {
  const f = report.firstWord;
  if (!f || f.current === null) return null;
  const over = `over ${plural(f.currentAnswers, 'live voice answer')} of your last ${f.window}`;
  const before = f.previous !== null ? ` (${oneDecimal(f.previous)} s the ${f.window} answers before)` : '';
  return `Time to first word: ${oneDecimal(f.current)} s ${over}${before} — guideline ${f.guide.min}–${f.guide.max} s`;
}

/** Group rounds only; absent when nobody has rated this person's answers. */
function peerRatingLine(report: ProgressReport): string | null {
  const p = report.peerRatings;
  const first = p?.points[0];
  const last = p?.points[p.points.length - 1];
  if (!p || p.average === null || !first || !last) return null;
  const scorer = first.scorerAverage !== null && last.scorerAverage !== null ? `; scorer on the same answers ${oneDecimal(first.scorerAverage)} → ${oneDecimal(last.scorerAverage)}/10` : '';
  const span = p.points.length > 1 ? `${oneDecimal(first.peerAverage)}★ → ${oneDecimal(last.peerAverage)}★ over ${p.points.length} rated rounds` : `${oneDecimal(last.peerAverage)}★ in 1 rated round`;
  return `Peer ratings: ${span} (${plural(p.ratings, 'rating')}, ${oneDecimal(p.average)}★ overall)${scorer}`;
}

function streakLine(report: ProgressReport): string {
  const { days, practisedToday, lastPracticeDay } = report.streak;
  if (days > 0) return `🔥 ${plural(days, 'day')}${practisedToday ? '' : ' — practise today to keep it'}`;
  return lastPracticeDay ? `0 days (last practised ${formatDay(lastPracticeDay)})` : '0 days';
}

function emptyCard(report: ProgressReport, ephemeral: boolean): Card {
  const last = report.streak.lastPracticeDay;
  const description =
    report.scope.periodDays !== null && last
      ? `No practice in the last ${plural(report.scope.periodDays, 'day')} (last on ${formatDay(last)}) — try \`/drill\`.`
      : 'No practice yet — try `/drill`.';
  return { kind: { type: 'progress' }, title: '📈 Your progress', description, tone: 'info', ephemeral };
}

/** The `/progress` card: the chart grid attached as `progress.png`, and every fact it shows also as text. */
export function progressCard(report: ProgressReport, options: ProgressCardOptions = {}): Card {
  const ephemeral = options.ephemeral ?? true;
  if (!report.hasHistory) return emptyCard(report, ephemeral);

  const fields: CardField[] = [
    { name: 'Average score', value: report.scoreWindows.map(windowLine).join('\n') },
  ];
  if (report.best) {
    fields.push({
      name: 'Best category',
      value: `${report.best.category} — ${oneDecimal(report.best.avgScore)}/10 (${plural(report.best.answers, 'answer')})`,
      inline: true,
    });
  }
  if (report.weakest) {
    fields.push({
      name: 'Weakest category',
      value: `${report.weakest.category} — ${oneDecimal(report.weakest.avgScore)}/10 (${plural(report.weakest.answers, 'answer')})`,
      inline: true,
    });
  }
  fields.push({
    name: 'Most frequent fillers',
    value: report.fillers.length ? report.fillers.map((f) => `${f.word} ×${f.count}`).join(' · ') : 'None recorded',
    inline: true,
  });
  fields.push({ name: 'Practice streak', value: streakLine(report), inline: true });
  const trend = trendLines(report);
  const firstWord = firstWordLine(report);
  if (firstWord) trend.push(firstWord);
  const peers = peerRatingLine(report);
  if (peers) trend.push(peers);
  if (trend.length) fields.push({ name: 'Trend', value: trend.join('\n') });
  if (report.categories.length > 1) {
    // Discord caps a field at 1024 characters; the chart shows the same top categories.
    const listed = report.categories.slice(0, MAX_LISTED_CATEGORIES);
    const more = report.categories.length - listed.length;
    fields.push({
      name: 'By category (answers)',
      value:
        listed.map((c) => `${c.category} ${oneDecimal(c.avgScore)} (${c.answers.toLocaleString('en-US')})`).join(' · ') +
        (more > 0 ? ` · and ${more} more` : ''),
    });
  }
  const stories = storyCoverageLines(report);
  if (stories) fields.push({ name: 'Story coverage (behavioural)', value: stories });
  fields.push({
    name: 'Next: work on',
    value: report.focus.length
      ? report.focus.map((f, i) => `${i + 1}. ${f.text}`).join('\n')
      : 'Nothing stands out — keep practising, or try a harder difficulty.',
  });

  const card: Card = {
    kind: { type: 'progress' },
    title: title(report, options.displayName),
    description: `**${plural(report.totals.sessions, 'session')} · ${plural(report.totals.answers, 'answer')}**`,
    fields,
    footer: `Scores out of 10 · days in UTC · “Next” uses your last ${plural(report.recent.answers, 'answer')}`,
    tone: 'progress',
    ephemeral,
  };
  if (options.png) {
    card.image = {
      name: PROGRESS_IMAGE_NAME,
      png: options.png,
      alt: `Progress charts: score per session with a ${report.movingAverageWindow}-session average, fillers per minute, pace with the ${report.paceBand.min}–${report.paceBand.max} wpm band shaded, and average score by category.`,
    };
  }
  return card;
}
