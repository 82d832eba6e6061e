import type { CompetencyCoverage } from '../../session/competencyCoverage.js';
import { oneDecimal } from './formatProgress.js';
import type { ProgressReport } from './types.js';

const MARK = { covered: '✅', weak: '⚠️', uncovered: '⬜' } as const;

function label(competency: string): string {
  return competency.charAt(0).toUpperCase() + competency.slice(1);
}

function storyLine(c: CompetencyCoverage): string {
  if (c.avgStrength === null) return `${MARK.uncovered} ${label(c.competency)}`;
  return `${MARK[c.status]} ${label(c.competency)} ${oneDecimal(c.avgStrength)} (${c.stories})`;
}

/**
 * The card's story-coverage text: covered and weak competencies with their average strength (stories), then the ones
 * with no story yet. Null when the person has told no story: nothing to show.
 */
export function storyCoverageLines(report: ProgressReport): string | null {
  const list = report.stories?.competencies ?? [];
  if (!list.some((c) => c.stories > 0)) return null;
  const told = list.filter((c) => c.stories > 0).sort((a, b) => (a.avgStrength ?? 0) - (b.avgStrength ?? 0));
  const open = list.filter((c) => c.stories === 0);
  const lines = [told.map(storyLine).join(' · ')];
  if (open.length) lines.push(`No story yet: ${open.map((c) => label(c.competency)).join(', ')}`);
  lines.push(`Strength out of 10 (stories) — under ${oneDecimal(report.stories?.target ?? 0)} is weak`);
  return lines.join('\n');
}
