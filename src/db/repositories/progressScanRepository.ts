import type { SQL } from 'drizzle-orm';
import { and, asc, count, desc, eq, gt, gte, lte, ne, sql } from '../drizzle.js';
import { first, type Database } from '../client.js';
import { sqlDialects } from '../dialect.js';
import type {
  CategoryAverage,
  FirstWordAverage,
  ProgressRepository,
  ProgressScope,
  ProgressTotals,
  RecentAverages,
  ScoreWindowAverages,
  SessionAggregate,
  WordCount,
} from './progressRepository.js';

const DAY_MS = 86_400_000;

/**
 * The full-scan queries /progress ran before the rollups (progressRepository.ts): every figure from the user's
 * answers themselves, in time linear in their history. Kept as the reference the rollups are tested against and
 * as the baseline the benchmark compares with. Unexecuted,  so benchmarks and tests can inspect the SQL (`toSQL()`) and its plan.
 * The repository below runs them and shapes the rows.
 */
export function progressQueries({ db, tables, dialect }: Pick<Database, 'db' | 'tables' | 'dialect'>) {
  const { answers, evaluations, metrics } = tables;
  const d = sqlDialects[dialect];

  /** Only answers that were scored count as practice: a failed transcription is not a data point. */
  const scopeWhere = (scope: ProgressScope): SQL | undefined =>
    and(
      eq(answers.userId, scope.userId),
      scope.workspaceId == null ? undefined : eq(answers.workspaceId, scope.workspaceId),
      scope.role == null ? undefined : eq(answers.role, scope.role),
      scope.since == null ? undefined : gte(answers.createdAt, scope.since),
      scope.until == null ? undefined : lte(answers.createdAt, scope.until),
    );

  const isSpoken = ne(answers.inputKind, 'text');
  /** Fillers per minute as the delivery score counts them: the transcript's plus the hesitations heard in the audio. */
  const spokenFillersPerMinute = sql`${metrics.fillersPerMinute} + coalesce(${metrics.hesitationsPerMinute}, 0)`;
  const utcDayOf = sql<string>`${d.utcDay(sql`${answers.createdAt}`)}`;

  const recentAnswerIds = (scope: ProgressScope, limit: number, offset = 0) =>
    db
      .select({ id: answers.id })
      .from(answers)
      .innerJoin(evaluations, eq(evaluations.answerId, answers.id))
      .where(scopeWhere(scope))
      .orderBy(desc(answers.createdAt), desc(answers.id))
      .limit(limit)
      .offset(offset)
      .as('recent');

  return {
    /** Average score in (now − days, now] against (now − 2·days, now − days]; ignores the scope's period. */
    scoreWindow: (scope: ProgressScope, now: Date, days: number) => {
      const split = now.getTime() - days * DAY_MS;
      const start = new Date(now.getTime() - 2 * days * DAY_MS);
      const inCurrent = sql`${answers.createdAt} > ${d.instant(split)}`;
      return db
        .select({
          current: sql<number | null>`avg(case when ${inCurrent} then ${evaluations.score} end)`,
          currentAnswers: sql<number>`count(case when ${inCurrent} then 1 end)`,
          previous: sql<number | null>`avg(case when not (${inCurrent}) then ${evaluations.score} end)`,
          previousAnswers: sql<number>`count(case when not (${inCurrent}) then 1 end)`,
        })
        .from(answers)
        .innerJoin(evaluations, eq(evaluations.answerId, answers.id))
        .where(
          and(
            scopeWhere({ ...scope, since: null, until: null }),
            gt(answers.createdAt, start),
            lte(answers.createdAt, now),
          ),
        );
    },

    categories: (scope: ProgressScope) =>
      db
        .select({
          category: answers.category,
          answers: count(),
          avgScore: sql<number>`avg(${evaluations.score})`,
        })
        .from(answers)
        .innerJoin(evaluations, eq(evaluations.answerId, answers.id))
        .where(scopeWhere(scope))
        .groupBy(answers.category)
        .orderBy(desc(sql`avg(${evaluations.score})`), desc(count()), asc(answers.category)),

    topFillers: (scope: ProgressScope, limit: number) => {
      const filler = sql.raw('filler');
      // Fillers were counted even if scoring later failed, so this needs no evaluation row.
      return db
        .select({ word: sql<string>`${filler}.key`, count: sql<number>`sum(${filler}.value)` })
        .from(answers)
        .innerJoin(metrics, eq(metrics.answerId, answers.id))
        .crossJoin(d.jsonEntries(sql`${metrics.fillersByWord}`, 'filler'))
        .where(scopeWhere(scope))
        .groupBy(sql`${filler}.key`)
        .orderBy(desc(sql`sum(${filler}.value)`), asc(sql`${filler}.key`))
        .limit(limit);
    },

    /** Any answer counts as practice, scored or not; this reads the index alone. */
    practiceDays: (scope: ProgressScope) =>
      db
        .selectDistinct({ day: utcDayOf })
        .from(answers)
        .where(scopeWhere(scope))
        .orderBy(desc(utcDayOf)),

    /** One row per session, oldest first: totals and the trend both come from it in one pass over the index. */
    sessions: (scope: ProgressScope) => {
      const startedAt = sql<number>`${d.epochMs(sql`min(${answers.createdAt})`)}`;
      return db
        .select({
          sessionId: answers.sessionId,
          startedAt,
          lastAnswerAt: sql<number>`${d.epochMs(sql`max(${answers.createdAt})`)}`,
          answers: count(),
          avgScore: sql<number>`avg(${evaluations.score})`,
          fillersPerMinute: sql<number | null>`avg(case when ${isSpoken} then ${spokenFillersPerMinute} end)`,
          wpm: sql<number | null>`avg(case when ${isSpoken} then ${metrics.wpm} end)`,
          deliveryScore: sql<number | null>`avg(case when ${isSpoken} then ${metrics.deliveryScore} end)`,
        })
        .from(answers)
        .innerJoin(evaluations, eq(evaluations.answerId, answers.id))
        .leftJoin(metrics, eq(metrics.answerId, answers.id))
        .where(scopeWhere(scope))
        .groupBy(answers.sessionId)
        .orderBy(asc(startedAt), asc(answers.sessionId));
    },

    recentAverages: (scope: ProgressScope, limit: number) => {
      const recent = recentAnswerIds(scope, limit);
      return db
        .select({
          answers: count(),
          spokenAnswers: sql<number>`count(case when ${isSpoken} then 1 end)`,
          score: sql<number | null>`avg(${evaluations.score})`,
          relevance: sql<number | null>`avg(${evaluations.relevance})`,
          depth: sql<number | null>`avg(${evaluations.depth})`,
          structure: sql<number | null>`avg(${evaluations.structure})`,
          clarity: sql<number | null>`avg(${evaluations.clarity})`,
          fillersPerMinute: sql<number | null>`avg(case when ${isSpoken} then ${spokenFillersPerMinute} end)`,
          wpm: sql<number | null>`avg(case when ${isSpoken} then ${metrics.wpm} end)`,
          longestPauseSec: sql<number | null>`avg(case when ${isSpoken} then ${metrics.pauseLongestSec} end)`,
        })
        .from(recent)
        .innerJoin(answers, eq(answers.id, recent.id))
        .innerJoin(evaluations, eq(evaluations.answerId, answers.id))
        .leftJoin(metrics, eq(metrics.answerId, answers.id));
    },

    /**
     * Time to first word over the scored answers `offset`…`offset + window` back (newest first), averaged over the
     * live voice answers among them: bounded by the window, like the other recent figures, whatever the history.
     */
    firstWordWindow: (scope: ProgressScope, window: number, offset: number) => {
      const recent = recentAnswerIds(scope, window, offset);
      return db
        .select({
          answers: sql<number>`count(${metrics.firstWordSec})`,
          avgSec: sql<number | null>`avg(${metrics.firstWordSec})`,
        })
        .from(recent)
        .innerJoin(metrics, eq(metrics.answerId, recent.id));
    },

    recentMissedKeywords: (scope: ProgressScope, window: number, limit: number) => {
      const recent = recentAnswerIds(scope, window);
      const missed = sql.raw('missed');
      return db
        .select({ word: sql<string>`${missed}.value`, count: sql<number>`count(*)` })
        .from(recent)
        .innerJoin(evaluations, eq(evaluations.answerId, recent.id))
        .crossJoin(d.jsonElements(sql`${evaluations.keywordsMissed}`, 'missed'))
        .groupBy(sql`${missed}.value`)
        .orderBy(desc(sql`count(*)`), asc(sql`${missed}.value`))
        .limit(limit);
    },
  };
}

export type ProgressQueries = ReturnType<typeof progressQueries>;

/** The newest `limit` scored answers' averages; empty history reads as zero answers and no averages. */
export async function recentAveragesOf(q: ProgressQueries, scope: ProgressScope, limit: number): Promise<RecentAverages> {
  const row = await first(q.recentAverages(scope, limit));
  return {
    answers: row?.answers ?? 0,
    spokenAnswers: row?.spokenAnswers ?? 0,
    score: row?.score ?? null,
    relevance: row?.relevance ?? null,
    depth: row?.depth ?? null,
    structure: row?.structure ?? null,
    clarity: row?.clarity ?? null,
    fillersPerMinute: row?.fillersPerMinute ?? null,
    wpm: row?.wpm ?? null,
    longestPauseSec: row?.longestPauseSec ?? null,
  };
}

/** Time to first word over a window of scored answers. */
export async function firstWordWindowOf(q: ProgressQueries, scope: ProgressScope, window: number, offset: number): Promise<FirstWordAverage> {
  const row = await first(q.firstWordWindow(scope, window, offset));
  return { answers: row?.answers ?? 0, avgSec: row?.avgSec ?? null };
}

export function createProgressScanRepository(database: Database): ProgressRepository {
  const q = progressQueries(database);
  const sessions = async (scope: ProgressScope): Promise<SessionAggregate[]> =>
    (await q.sessions(scope)).map((r) => ({ ...r, startedAt: new Date(r.startedAt), lastAnswerAt: new Date(r.lastAnswerAt) }));
  return {
    async totals(scope: ProgressScope): Promise<ProgressTotals> {
      const all = await sessions(scope);
      const last = all.reduce<Date | null>((max, s) => (max === null || s.lastAnswerAt > max ? s.lastAnswerAt : max), null);
      return {
        sessions: all.length,
        answers: all.reduce((n, s) => n + s.answers, 0),
        firstAnswerAt: all[0]?.startedAt ?? null,
        lastAnswerAt: last,
      };
    },

    async trendSessions(scope: ProgressScope, count: number): Promise<SessionAggregate[]> {
      return count > 0 ? (await sessions(scope)).slice(-count) : [];
    },

    async scoreWindow(scope: ProgressScope, now: Date, days: number): Promise<ScoreWindowAverages> {
      const row = await first(q.scoreWindow(scope, now, days));
      return {
        current: row?.current ?? null,
        currentAnswers: row?.currentAnswers ?? 0,
        previous: row?.previous ?? null,
        previousAnswers: row?.previousAnswers ?? 0,
      };
    },

    /** Best average first. */
    async categories(scope: ProgressScope): Promise<CategoryAverage[]> {
      return q.categories(scope);
    },

    async topFillers(scope: ProgressScope, limit: number): Promise<WordCount[]> {
      return q.topFillers(scope, limit);
    },

    /** Distinct UTC days (`YYYY-MM-DD`) with a scored answer, newest first, for streaks. */
    async practiceDays(scope: ProgressScope): Promise<string[]> {
      return (await q.practiceDays(scope)).map((r) => r.day);
    },

    /** Criterion and delivery averages over the newest `limit` scored answers: what to work on next. */
    async recentAverages(scope: ProgressScope, limit: number): Promise<RecentAverages> {
      return recentAveragesOf(q, scope, limit);
    },

    /** Keywords the evaluator marked missing in the newest `window` scored answers, most often missed first. */
    async recentMissedKeywords(scope: ProgressScope, window: number, limit: number): Promise<WordCount[]> {
      return q.recentMissedKeywords(scope, window, limit);
    },

    async firstWordWindow(scope: ProgressScope, window: number, offset: number): Promise<FirstWordAverage> {
      return firstWordWindowOf(q, scope, window, offset);
    },
  };
}
