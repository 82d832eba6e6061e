import type { ScoredRating } from '../db/repositories/peerRatingRepository.js';

/** How well the scorer's 0–10 scores agree with the people's 1–5 stars, over answers both rated. */
export interface AgreementReport {
  /** Answers with a score and at least one star rating. */
  answers: number;
  /** Star ratings behind them. */
  ratings: number;
  /** Correlation of the score with the answer's average stars; null with fewer than 3 answers or no spread. */
  pearson: number | null;
  spearman: number | null;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** Pearson's r; null when either side has no spread (every value the same) or fewer than 3 pairs. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 3) return null;
  const mean = (v: readonly number[]) => v.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** 1-based ranks, ties sharing the average of the ranks they span (so Spearman's rho is Pearson's r on ranks). */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const result = new Array<number>(values.length).fill(0);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.v === order[start]?.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      const at = order[k];
      if (at) result[at.i] = rank;
    }
    start = end + 1;
  }
  return result;
}

export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  return pearson(ranks(xs), ranks(ys));
}

export function scorerAgreement(pairs: readonly ScoredRating[]): AgreementReport {
  const scores = pairs.map((p) => p.score);
  const stars = pairs.map((p) => p.peerAverage);
  const r = pearson(scores, stars);
  const rho = spearman(scores, stars);
  return {
    answers: pairs.length,
    ratings: pairs.reduce((n, p) => n + p.raters, 0),
    pearson: r === null ? null : round3(r),
    spearman: rho === null ? null : round3(rho),
  };
}

/** The report in words, for the terminal. */
export function agreementText(report: AgreementReport): string {
  if (report.answers === 0) return 'No peer ratings stored yet — ratings come from group rounds on Discord and Slack.';
  const fmt = (v: number | null) => (v === null ? 'n/a (needs 3+ answers with different scores and ratings)' : v.toFixed(3));
  return [
    `Scorer vs people — ${report.answers} answers rated by people (${report.ratings} star ratings)`,
    `Pearson r:    ${fmt(report.pearson)}   (score 0–10 against the answer's average stars 1–5)`,
    `Spearman rho: ${fmt(report.spearman)}   (the same on ranks, ties averaged)`,
  ].join('\n');
}
