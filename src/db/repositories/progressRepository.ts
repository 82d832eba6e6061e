import type { Role } from '../../enums.js';
import type { SQL } from 'drizzle-orm';
import { sql } from '../drizzle.js';
import type { Database } from '../client.js';
import { sqlDialects, type SqlDialect } from '../dialect.js';
import { categoryDaysSelect, daysSelect, fillerDaysSelect, SCORE_SCALE, SPOKEN_DELIVERY, SPOKEN_FILLERS, SPOKEN_WPM, userDayWhere } from './progressRollups.js';
import { firstWordWindowOf, progressQueries, recentAveragesOf } from './progressScanRepository.js';
import type { SessionId, UserId, WorkspaceId } from '../../ids.js';

/** Which answers a progress query looks at. */
export interface ProgressScope {
  userId: UserId;
  workspaceId?: WorkspaceId | null;
  role?: Role | null;
  /** Inclusive lower bound on answer time. */
  since?: Date | null;
  /** Inclusive upper bound on answer time. */
  until?: Date | null;
}

export interface ScoreWindowAverages {
  current: number | null;
  currentAnswers: number;
  previous: number | null;
  previousAnswers: number;
}

export interface CategoryAverage {
  category: string;
  answers: number;
  avgScore: number;
}

export interface WordCount {
  word: string;
  count: number;
}

export interface SessionAggregate {
  sessionId: SessionId;
  /** Time of the user's first and last scored answer in the session. */
  startedAt: Date;
  lastAnswerAt: Date;
  answers: number;
  avgScore: number;
  /** Spoken answers only; null when the session had none. */
  fillersPerMinute: number | null;
  wpm: number | null;
  deliveryScore: number | null;
}

export interface ProgressTotals {
  /** Sessions with a scored answer in scope. */
  sessions: number;
  answers: number;
  firstAnswerAt: Date | null;
  lastAnswerAt: Date | null;
}

export interface RecentAverages {
  answers: number;
  spokenAnswers: number;
  score: number | null;
  relevance: number | null;
  depth: number | null;
  structure: number | null;
  clarity: number | null;
  fillersPerMinute: number | null;
  wpm: number | null;
  longestPauseSec: number | null;
}

/** Time to first word over a window of scored answers: how many were live voice answers, and their average. */
export interface FirstWordAverage {
  answers: number;
  avgSec: number | null;
}

/** What the report reads; the rollup repository below and the full-scan reference both provide it. */
export interface ProgressRepository {
  totals(scope: ProgressScope): Promise<ProgressTotals>;
  /** The newest `count` sessions in scope, oldest first. */
  trendSessions(scope: ProgressScope, count: number): Promise<SessionAggregate[]>;
  /** Average score in (now − days, now] against (now − 2·days, now − days]; ignores the scope's period. */
  scoreWindow(scope: ProgressScope, now: Date, days: number): Promise<ScoreWindowAverages>;
  /** Best average first. */
  categories(scope: ProgressScope): Promise<CategoryAverage[]>;
  topFillers(scope: ProgressScope, limit: number): Promise<WordCount[]>;
  /** Distinct UTC days (`YYYY-MM-DD`) with any answer, newest first, for streaks. */
  practiceDays(scope: ProgressScope): Promise<string[]>;
  /** Criterion and delivery averages over the newest `limit` scored answers: what to work on next. */
  recentAverages(scope: ProgressScope, limit: number): Promise<RecentAverages>;
  /** Keywords the evaluator marked missing in the newest `window` scored answers, most often missed first. */
  recentMissedKeywords(scope: ProgressScope, window: number, limit: number): Promise<WordCount[]>;
  /** Time to first word (live voice answers) among the scored answers `offset`…`offset + window` back. */
  firstWordWindow(scope: ProgressScope, window: number, offset: number): Promise<FirstWordAverage>;
}

interface Bound {
  at: number;
  inclusive: boolean;
}

/** A time span of answers, either end open. */
interface Span {
  lo: Bound | null;
  hi: Bound | null;
}

interface SessionRow {
  sessionId: SessionId;
  startedAt: number;
  lastAt: number;
  answers: number;
  scoreSum: number;
  fillersPerMinuteSum: number;
  fillersPerMinuteAnswers: number;
  wpmSum: number;
  wpmAnswers: number;
  deliverySum: number;
  deliveryAnswers: number;
}

const DAY_MS = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The exact sum the two integer halves stand for, rounded once (IEEE addition of two exact doubles): the double
 * SQLite's sum() returns over the same scores. Divided by the count, it is their avg().
 */
const averageOf = (hi: number, lo: number, n: number): number | null =>
  n > 0 ? (hi / SCORE_SCALE + lo / (SCORE_SCALE * SCORE_SCALE)) / n : null;

/** SQLite's BINARY collation orders by UTF-8 bytes, which is code-point order; JS `<` compares UTF-16 units. */
function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function scopeSpan(scope: ProgressScope): Span {
  return {
    lo: scope.since == null ? null : { at: scope.since.getTime(), inclusive: true },
    hi: scope.until == null ? null : { at: scope.until.getTime(), inclusive: true },
  };
}

function keyFilter(scope: ProgressScope, alias: string): SQL {
  const t = sql.raw(alias);
  return sql`${t}.user_id = ${scope.userId}${scope.workspaceId == null ? sql`` : sql` AND ${t}.workspace_id = ${scope.workspaceId}`}${
    scope.role == null ? sql`` : sql` AND ${t}.role = ${scope.role}`
  }`;
}

/** Always true, on both databases (Postgres wants a boolean where SQLite took `1`). */
const ALL = sql`TRUE`;

/** A column between a span's ends; `value` turns a bound (ms) into what the column holds. */
function boundsFilter(span: Span, column: string, value: (ms: number) => SQL = (ms) => sql`${ms}`): SQL {
  const c = sql.raw(column);
  const parts: SQL[] = [];
  if (span.lo) parts.push(span.lo.inclusive ? sql`${c} >= ${value(span.lo.at)}` : sql`${c} > ${value(span.lo.at)}`);
  if (span.hi) parts.push(span.hi.inclusive ? sql`${c} <= ${value(span.hi.at)}` : sql`${c} < ${value(span.hi.at)}`);
  return parts.length === 0 ? ALL : sql.join(parts, sql` AND `);
}

/** Bounds on answers' own times (instants on Postgres, milliseconds on SQLite). */
const answerBounds = (d: SqlDialect, span: Span) => boundsFilter(span, 'a.created_at', d.instant);

/** Whole days of a span, both ends inclusive (`YYYY-MM-DD`), `null` where it is open; empty when `from` > `to`. */
interface DayRange {
  from: string | null;
  to: string | null;
}

const shiftDay = (day: string, by: number) => utcDay(Date.parse(`${day}T00:00:00.000Z`) + by * DAY_MS);
const nextMonth = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 7);
const previousMonth = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);

/**
 * A span as whole days, read from the rollup tables, plus the days its ends fall on, whose answers are read
 * themselves and cut at the exact bounds. An end day is read whole from its rollup row when the user has no answer
 * on it beyond the bound (the usual case for `now`). Partial days cost what a day of practice costs, not a history.
 */
async function splitSpan(database: Database, userId: UserId, span: Span): Promise<{ fullDays: DayRange; partialDays: string[] }> {
  const d = sqlDialects[database.dialect];
  const beyond = async (bound: Bound, side: 'lo' | 'hi'): Promise<boolean> => {
    const day = utcDay(bound.at);
    const outside =
      side === 'hi'
        ? bound.inclusive ? sql`a.created_at > ${d.instant(bound.at)}` : sql`a.created_at >= ${d.instant(bound.at)}`
        : bound.inclusive ? sql`a.created_at < ${d.instant(bound.at)}` : sql`a.created_at <= ${d.instant(bound.at)}`;
    const rows = await database.rows<{ n: number }>(sql`SELECT 1 AS n FROM answers a WHERE ${userDayWhere(d, userId, day)} AND ${outside} LIMIT 1`);
    return rows.length > 0;
  };
  const loDay = span.lo ? utcDay(span.lo.at) : null;
  const hiDay = span.hi ? utcDay(span.hi.at) : null;
  const loWhole = span.lo !== null && loDay !== hiDay && !(await beyond(span.lo, 'lo'));
  const hiWhole = span.hi !== null && loDay !== hiDay && !(await beyond(span.hi, 'hi'));
  const fullDays = {
    from: loDay === null ? null : loWhole ? loDay : shiftDay(loDay, 1),
    to: hiDay === null ? null : hiWhole ? hiDay : shiftDay(hiDay, -1),
  };
  const partialDays = [...new Set([loWhole ? null : loDay, hiWhole ? null : hiDay].filter((d): d is string => d !== null))];
  return { fullDays, partialDays };
}

/** `r.day` (or `r.month`) within inclusive text bounds, either open. */
function keyRange(column: 'day' | 'month', from: string | null, to: string | null): SQL {
  const c = sql.raw(`r.${column}`);
  const parts = [from === null ? null : sql`${c} >= ${from}`, to === null ? null : sql`${c} <= ${to}`].filter((p): p is SQL => p !== null);
  return parts.length === 0 ? ALL : sql.join(parts, sql` AND `);
}

/**
 * The whole days of a span as stored rows: the whole months inside it from the month table, and the days before the
 * first and after the last of them from the day table, so a history costs its months plus at most two months of days.
 */
function storedRows(scope: ProgressScope, range: DayRange, columns: string, days: string, months: string | null): SQL {
  const fromDays = (from: string | null, to: string | null) =>
    sql`SELECT ${sql.raw(columns)} FROM ${sql.raw(days)} r WHERE ${keyFilter(scope, 'r')} AND ${keyRange('day', from, to)}`;
  if (months === null) return fromDays(range.from, range.to);
  const { from, to } = range;
  // The first and last month the range covers from its first to its last day.
  const firstMonth = from === null ? null : from.endsWith('-01') ? from.slice(0, 7) : nextMonth(from.slice(0, 7));
  const lastMonth = to === null ? null : shiftDay(to, 1).endsWith('-01') ? to.slice(0, 7) : previousMonth(to.slice(0, 7));
  if (firstMonth !== null && lastMonth !== null && firstMonth > lastMonth) return fromDays(from, to);
  const parts = [sql`SELECT ${sql.raw(columns)} FROM ${sql.raw(months)} r WHERE ${keyFilter(scope, 'r')} AND ${keyRange('month', firstMonth, lastMonth)}`];
  if (from !== null && firstMonth !== null && from < `${firstMonth}-01`) parts.push(fromDays(from, shiftDay(`${firstMonth}-01`, -1)));
  if (to !== null && lastMonth !== null && to >= `${nextMonth(lastMonth)}-01`) parts.push(fromDays(`${nextMonth(lastMonth)}-01`, to));
  return sql.join(parts, sql` UNION ALL `);
}

/**
 * The answers of one partial day inside the span. Of the day's bounds and the span's, only the tighter on each side
 * is written (the other is implied), so SQLite's index range is that part of the day. Days joined with OR under
 * the span's bounds made it range over the whole span instead: a month of answers for a month's window.
 */
function partialDayWhere(d: SqlDialect, scope: ProgressScope, span: Span, day: string): SQL {
  // The ±1 s margin keeps the index range while the day test decides, as in userDayWhere.
  const start = Date.parse(`${day}T00:00:00.000Z`) - 1000;
  const end = start + DAY_MS + 2000;
  const lo =
    span.lo && span.lo.at >= start
      ? span.lo.inclusive ? sql`a.created_at >= ${d.instant(span.lo.at)}` : sql`a.created_at > ${d.instant(span.lo.at)}`
      : sql`a.created_at >= ${d.instant(start)}`;
  const hi =
    span.hi && span.hi.at < end
      ? span.hi.inclusive ? sql`a.created_at <= ${d.instant(span.hi.at)}` : sql`a.created_at < ${d.instant(span.hi.at)}`
      : sql`a.created_at < ${d.instant(end)}`;
  return sql`${keyFilter(scope, 'a')} AND ${lo} AND ${hi} AND ${d.utcDay(sql.raw('a.created_at'))} = ${day}`;
}

/** Where a figure's rows are kept: the day table, its month table (none for figures per day) and how a partial day is computed. */
interface RollupSource {
  days: string;
  months: string | null;
  /** A SELECT giving the source's columns for the part of `day` inside the span. */
  partial(d: SqlDialect, scope: ProgressScope, span: Span, day: string): SQL;
}

/** A rollup's partial days are computed by the same SELECT that builds the table, on the answers of the day inside the span. */
const answerRollup = (days: string, months: string | null, select: (d: SqlDialect, where: SQL) => SQL): RollupSource => ({
  days,
  months,
  partial: (d, scope, span, day) => select(d, partialDayWhere(d, scope, span, day)),
});

const SCORED = answerRollup('progress_days', 'progress_months', daysSelect);
const PRACTICE_DAYS = answerRollup('progress_days', null, daysSelect);
const CATEGORIES = answerRollup('progress_category_days', 'progress_category_months', categoryDaysSelect);
const FILLERS = answerRollup('progress_filler_days', 'progress_filler_months', fillerDaysSelect);
/** Single-role sessions started: counted per day and month; on a partial day, its session rows that started in the span. */
const SESSION_STARTS: RollupSource = {
  days: 'progress_days',
  months: 'progress_months',
  partial: (_d, scope, span, day) => {
    const start = Date.parse(`${day}T00:00:00.000Z`);
    return sql`SELECT count(*) AS sessions FROM progress_sessions r
      WHERE ${keyFilter(scope, 'r')} AND r.roles = 1 AND r.started_at >= ${start} AND r.started_at < ${start + DAY_MS} AND ${boundsFilter(span, 'r.started_at')}`;
  },
};

/** Rows of a rollup over a span: the stored whole months and days, and the partial days computed on the fly, one day at a time. */
async function spanRows(database: Database, scope: ProgressScope, span: Span, source: RollupSource, columns: string): Promise<SQL> {
  const d = sqlDialects[database.dialect];
  const { fullDays, partialDays } = await splitSpan(database, scope.userId, span);
  const stored = storedRows(scope, fullDays, columns, source.days, source.months);
  // Postgres wants every derived table named.
  const partials = partialDays.map(
    (day, i) => sql` UNION ALL SELECT ${sql.raw(columns)} FROM (${source.partial(d, scope, span, day)}) AS ${sql.raw(`partial_day_${i}`)}`,
  );
  return partials.length === 0 ? stored : sql`${stored}${sql.join(partials, sql``)}`;
}

/** Averages as SQLite's avg() takes them: the sum divided by the count. */
const meanOf = (sum: number, n: number): number | null => (n > 0 ? sum / n : null);

function toAggregate(row: SessionRow): SessionAggregate {
  return {
    sessionId: row.sessionId,
    startedAt: new Date(row.startedAt),
    lastAnswerAt: new Date(row.lastAt),
    answers: row.answers,
    avgScore: meanOf(row.scoreSum, row.answers) ?? 0,
    fillersPerMinute: meanOf(row.fillersPerMinuteSum, row.fillersPerMinuteAnswers),
    wpm: meanOf(row.wpmSum, row.wpmAnswers),
    deliveryScore: meanOf(row.deliverySum, row.deliveryAnswers),
  };
}

/** Oldest first; sessions that started together in the order of their ids, as the full scan sorted them. */
function bySessionStart(a: SessionAggregate, b: SessionAggregate): number {
  return a.startedAt.getTime() - b.startedAt.getTime() || compareText(a.sessionId, b.sessionId);
}

const SESSION_COLUMNS = `session_id AS "sessionId", started_at AS "startedAt", last_at AS "lastAt", answers, score_sum AS "scoreSum",
  fillers_per_minute_sum AS "fillersPerMinuteSum", fillers_per_minute_answers AS "fillersPerMinuteAnswers",
  wpm_sum AS "wpmSum", wpm_answers AS "wpmAnswers", delivery_sum AS "deliverySum", delivery_answers AS "deliveryAnswers"`;

/**
 * /progress from the rollup tables (schema.ts, progressRollups.ts): each figure costs what the user's days or a
 * handful of sessions cost, not their whole history. The newest-answers figures read the answers themselves
 * through an index with a LIMIT, which is bounded too.
 */
export function createProgressRepository(database: Database): ProgressRepository {
  const scan = progressQueries(database);
  const d = sqlDialects[database.dialect];

  async function scored(scope: ProgressScope, span: Span) {
    const rows = await spanRows(database, scope, span, SCORED, 'scored, score_hi, score_lo, first_scored_at, last_scored_at');
    const [row] = await database.rows<{ n: number | null; hi: number | null; lo: number | null; first: number | null; last: number | null }>(
      sql`SELECT sum(scored) AS n, sum(score_hi) AS hi, sum(score_lo) AS lo, min(first_scored_at) AS first, max(last_scored_at) AS last FROM (${rows}) AS span_rows`,
    );
    const answers = row?.n ?? 0;
    return { answers, average: averageOf(row?.hi ?? 0, row?.lo ?? 0, answers), first: row?.first ?? null, last: row?.last ?? null };
  }

  /**
   * A session's figures in scope: its stored row, or its answers themselves when the span cuts through it or its
   * questions had several roles (rare), so sums are never added up from parts.
   */
  async function sessionIn(scope: ProgressScope, span: Span, sessionId: string): Promise<SessionAggregate | null> {
    const stored = await database.rows<SessionRow>(
      sql`SELECT ${sql.raw(SESSION_COLUMNS)} FROM progress_sessions r WHERE ${keyFilter(scope, 'r')} AND r.session_id = ${sessionId}`,
    );
    const [only] = stored;
    const cut = stored.some((r) => (span.lo !== null && r.startedAt < span.lo.at) || (span.hi !== null && r.lastAt > span.hi.at));
    if (only && stored.length === 1 && !cut) return toAggregate(only);
    if (!only) return null;
    const [row] = await database.rows<SessionRow>(
      sql`SELECT session_id AS "sessionId", ${d.epochMs(sql.raw('min(a.created_at)'))} AS "startedAt", ${d.epochMs(sql.raw('max(a.created_at)'))} AS "lastAt", count(*) AS answers,
            sum(e.score) AS "scoreSum", coalesce(sum(${SPOKEN_FILLERS}), 0) AS "fillersPerMinuteSum", count(${SPOKEN_FILLERS}) AS "fillersPerMinuteAnswers",
            coalesce(sum(${SPOKEN_WPM}), 0) AS "wpmSum", count(${SPOKEN_WPM}) AS "wpmAnswers",
            coalesce(sum(${SPOKEN_DELIVERY}), 0) AS "deliverySum", count(${SPOKEN_DELIVERY}) AS "deliveryAnswers"
          FROM answers a JOIN evaluations e ON e.answer_id = a.id LEFT JOIN metrics m ON m.answer_id = a.id
          WHERE a.session_id = ${sessionId} AND ${keyFilter(scope, 'a')} AND ${answerBounds(d, span)}
          GROUP BY a.session_id`,
    );
    return row ? toAggregate(row) : null;
  }

  /** Sessions that began before the period and go on into it: rare, and read answer by answer. */
  async function straddling(scope: ProgressScope, span: Span): Promise<SessionAggregate[]> {
    if (!span.lo) return [];
    const ids = await database.rows<{ sessionId: string }>(
      sql`SELECT DISTINCT session_id AS "sessionId" FROM progress_sessions r${d.indexedBy('progress_sessions_user_end')}
          WHERE ${keyFilter(scope, 'r')} AND r.last_at >= ${span.lo.at} AND r.started_at < ${span.lo.at}`,
    );
    const found: SessionAggregate[] = [];
    for (const r of ids) {
      const session = await sessionIn(scope, span, r.sessionId);
      if (session) found.push(session);
    }
    return found;
  }

  function startedWithin(scope: ProgressScope, span: Span): SQL {
    return sql`${keyFilter(scope, 'r')} AND ${boundsFilter(span, 'r.started_at')}`;
  }

  const startsPage = (scope: ProgressScope, span: Span, limit: number, offset: number) =>
    database.rows<{ sessionId: string; startedAt: number }>(
      sql`SELECT session_id AS "sessionId", started_at AS "startedAt" FROM progress_sessions r
          WHERE ${startedWithin(scope, span)} ORDER BY r.started_at DESC LIMIT ${limit}${offset > 0 ? sql` OFFSET ${offset}` : sql``}`,
    );

  return {
    async totals(scope) {
      const span = scopeSpan(scope);
      const { answers, first, last } = await scored(scope, span);
      // Single-role sessions from the day and month counts; the rare rows of rounds with several roles one by one
      // (DISTINCT), through an index of those rows only.
      const starts = await spanRows(database, scope, span, SESSION_STARTS, 'sessions');
      const [started] = await database.rows<{ n: number }>(
        sql`SELECT (SELECT coalesce(sum(sessions), 0) FROM (${starts}) AS span_rows)
                 + (SELECT count(DISTINCT session_id) FROM progress_sessions r${d.indexedBy('progress_sessions_user_multirole')}
                    WHERE ${startedWithin(scope, span)} AND r.roles > 1) AS n`,
      );
      // A session that began before the period counts once if it has an answer in it and no row starting in it.
      let earlier = 0;
      for (const s of await straddling(scope, span)) {
        const [rows] = await database.rows<{ n: number }>(
          sql`SELECT count(*) AS n FROM progress_sessions r WHERE ${startedWithin(scope, span)} AND r.session_id = ${s.sessionId}`,
        );
        if (Number(rows?.n ?? 0) === 0) earlier += 1;
      }
      return {
        sessions: Number(started?.n ?? 0) + earlier,
        answers,
        firstAnswerAt: first === null ? null : new Date(first),
        lastAnswerAt: last === null ? null : new Date(last),
      };
    },

    async trendSessions(scope, count) {
      if (count <= 0) return [];
      const span = scopeSpan(scope);
      const pool = new Map<string, SessionAggregate>((await straddling(scope, span)).map((s) => [s.sessionId, s]));
      // Newest start first. A session's start is the earliest of its rows, so once `count` sessions started after
      // the row at hand, no session not yet seen can be newer than them.
      const rows = await startsPage(scope, span, count * 4, 0);
      const kthStart = () =>
        pool.size < count ? -Infinity : ([...pool.values()].map((s) => s.startedAt.getTime()).sort((a, b) => b - a)[count - 1] ?? -Infinity);
      let exhausted = rows.length < count * 4;
      let offset = rows.length;
      for (let i = 0; ; i += 1) {
        const row = rows[i];
        if (!row) {
          if (exhausted) break;
          const more = await startsPage(scope, span, count * 4, offset);
          if (more.length === 0) break;
          rows.push(...more);
          offset += more.length;
          exhausted = more.length < count * 4;
          i -= 1;
          continue;
        }
        if (kthStart() > row.startedAt) break;
        if (pool.has(row.sessionId)) continue;
        const session = await sessionIn(scope, span, row.sessionId);
        if (session) pool.set(row.sessionId, session);
      }
      return [...pool.values()].sort(bySessionStart).slice(-count);
    },

    async scoreWindow(scope, now, days) {
      const split = now.getTime() - days * 86_400_000;
      const start = split - days * 86_400_000;
      const current = await scored(scope, { lo: { at: split, inclusive: false }, hi: { at: now.getTime(), inclusive: true } });
      const previous = await scored(scope, { lo: { at: start, inclusive: false }, hi: { at: split, inclusive: true } });
      return {
        current: current.average,
        currentAnswers: current.answers,
        previous: previous.average,
        previousAnswers: previous.answers,
      };
    },

    async categories(scope) {
      const rows = await spanRows(database, scope, scopeSpan(scope), CATEGORIES, 'category, answers, score_hi, score_lo');
      const sums = await database.rows<{ category: string; answers: number; hi: number; lo: number }>(
        sql`SELECT category, sum(answers) AS answers, sum(score_hi) AS hi, sum(score_lo) AS lo FROM (${rows}) AS span_rows GROUP BY category`,
      );
      return sums
        .map((r) => ({ category: r.category, answers: r.answers, avgScore: averageOf(r.hi, r.lo, r.answers) ?? 0 }))
        .sort((a, b) => b.avgScore - a.avgScore || b.answers - a.answers || compareText(a.category, b.category));
    },

    async topFillers(scope, limit) {
      const rows = await spanRows(database, scope, scopeSpan(scope), FILLERS, 'word, count');
      const words = await database.rows<WordCount>(sql`SELECT word, sum(count) AS count FROM (${rows}) AS span_rows GROUP BY word`);
      return words.sort((a, b) => b.count - a.count || compareText(a.word, b.word)).slice(0, limit);
    },

    async practiceDays(scope) {
      const rows = await spanRows(database, scope, scopeSpan(scope), PRACTICE_DAYS, 'day, answers');
      const days = await database.rows<{ day: string }>(sql`SELECT DISTINCT day FROM (${rows}) AS span_rows WHERE answers > 0 ORDER BY day DESC`);
      return days.map((r) => r.day);
    },

    async recentAverages(scope, limit) {
      return recentAveragesOf(scan, scope, limit);
    },

    async recentMissedKeywords(scope, window, limit) {
      return scan.recentMissedKeywords(scope, window, limit);
    },

    async firstWordWindow(scope, window, offset) {
      return firstWordWindowOf(scan, scope, window, offset);
    },
  };
}
