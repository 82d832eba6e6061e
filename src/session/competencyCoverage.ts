import { COMPETENCIES, isCompetency, type Competency } from '../enums.js';
import type { CompetencyTotals } from '../db/index.js';

/** A competency whose stories average below this strength (0–10) is weak: worth another story. */
export const STORY_STRENGTH_TARGET = 6;

export type CoverageStatus = 'uncovered' | 'weak' | 'covered';

export interface CompetencyCoverage {
  competency: Competency;
  status: CoverageStatus;
  stories: number;
  /** 0–10; null without a story. */
  avgStrength: number | null;
  bestStrength: number | null;
  /** Stories with all four STAR parts. */
  complete: number;
}

/** Every competency on the list, in list order, with its status from the stored totals (unknown names are skipped). */
export function competencyCoverage(totals: readonly CompetencyTotals[]): CompetencyCoverage[] {
  const byName = new Map(totals.filter((t) => isCompetency(t.competency)).map((t) => [t.competency, t]));
  return COMPETENCIES.map((competency) => {
    const t = byName.get(competency);
    if (!t || t.stories === 0) return { competency, status: 'uncovered', stories: 0, avgStrength: null, bestStrength: null, complete: 0 };
    const status: CoverageStatus = t.avgStrength < STORY_STRENGTH_TARGET ? 'weak' : 'covered';
    return { competency, status, stories: t.stories, avgStrength: t.avgStrength, bestStrength: t.bestStrength, complete: t.complete };
  });
}

/** Lower asks first: uncovered, then weak (weakest first), then covered. */
export function needRank(coverage: CompetencyCoverage | undefined): number {
  if (!coverage || coverage.status === 'uncovered') return 0;
  if (coverage.status === 'weak') return 1 + (coverage.avgStrength ?? 0) / 10;
  return 3 + (coverage.avgStrength ?? 0) / 10;
}
