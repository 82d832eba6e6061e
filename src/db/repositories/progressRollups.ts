import type { SQL } from 'drizzle-orm';
import { sql } from '../drizzle.js';
import type { Database, Db } from '../client.js';
import type { AnswerId, SessionId, UserId } from '../../ids.js';
import { sqlDialects, type SqlDialect } from '../dialect.js';
import { bumpProgressVersion } from './progressVersionRepository.js';

/*
 * How the /progress rollup rows are computed from answers. One definition serves three uses: rebuilding a
 * user-day or a user's session after an answer is written, the migration's back-fill (its SQL was printed from
 * these builders, `where` = `1`), and the report's partial days, which run the same SELECT on the answers of a
 * day cut at the report's exact bounds.
 */

/** UTC day of an answer, as the streak always counted it. */
const answerDay = (d: SqlDialect) => d.utcDay(sql.raw('a.created_at'));

/**
 * A score split into two integers, score × 2^28 truncated and the rest × 2^28: both steps are exact for any score
 * that is a multiple of 2^-56 (every stored score, 0–10 in tenths), so integer sums of them are the exact sum (64-bit
 * integers on both databases: `bigint` columns on Postgres).
 */
export const SCORE_SCALE = 2 ** 28;
const scaled = sql.raw(`e.score * ${SCORE_SCALE}`);
const scoreHi = (d: SqlDialect) => d.truncToInteger(scaled);
const scoreLo = (d: SqlDialect) => d.truncToInteger(sql`(${scaled} - ${scoreHi(d)}) * ${sql.raw(String(SCORE_SCALE))}`);

const spoken = `a.input_kind <> 'text'`;
const spokenFillers = `CASE WHEN ${spoken} THEN m.fillers_per_minute + coalesce(m.hesitations_per_minute, 0) END`;
const spokenWpm = `CASE WHEN ${spoken} THEN m.wpm END`;
const spokenDelivery = `CASE WHEN ${spoken} THEN m.delivery_score END`;
export const SPOKEN_FILLERS = sql.raw(spokenFillers);
export const SPOKEN_WPM = sql.raw(spokenWpm);
export const SPOKEN_DELIVERY = sql.raw(spokenDelivery);

export function daysSelect(d: SqlDialect, where: SQL): SQL {
  return sql`SELECT a.user_id AS user_id, a.workspace_id AS workspace_id, a.role AS role, ${answerDay(d)} AS day,
  count(*) AS answers, count(e.answer_id) AS scored, coalesce(sum(${scoreHi(d)}), 0) AS score_hi, coalesce(sum(${scoreLo(d)}), 0) AS score_lo,
  ${d.epochMs(sql`min(CASE WHEN e.answer_id IS NOT NULL THEN a.created_at END)`)} AS first_scored_at,
  ${d.epochMs(sql`max(CASE WHEN e.answer_id IS NOT NULL THEN a.created_at END)`)} AS last_scored_at
FROM answers a LEFT JOIN evaluations e ON e.answer_id = a.id
WHERE ${where}
GROUP BY a.user_id, a.workspace_id, a.role, day`;
}

export function categoryDaysSelect(d: SqlDialect, where: SQL): SQL {
  return sql`SELECT a.user_id AS user_id, a.workspace_id AS workspace_id, a.role AS role, ${answerDay(d)} AS day,
  a.category AS category, count(*) AS answers, sum(${scoreHi(d)}) AS score_hi, sum(${scoreLo(d)}) AS score_lo
FROM answers a JOIN evaluations e ON e.answer_id = a.id
WHERE ${where}
GROUP BY a.user_id, a.workspace_id, a.role, day, a.category`;
}

/** Fillers were counted even if scoring later failed, so this needs no evaluation row. */
export function fillerDaysSelect(d: SqlDialect, where: SQL): SQL {
  return sql`SELECT a.user_id AS user_id, a.workspace_id AS workspace_id, a.role AS role, ${answerDay(d)} AS day,
  f.key AS word, sum(f.value) AS count
FROM answers a JOIN metrics m ON m.answer_id = a.id, ${d.jsonEntries(sql.raw('m.fillers_by_word'), 'f')}
WHERE ${where}
GROUP BY a.user_id, a.workspace_id, a.role, day, f.key`;
}

export function sessionsSelect(d: SqlDialect, where: SQL): SQL {
  return sql`SELECT a.user_id AS user_id, a.session_id AS session_id, a.workspace_id AS workspace_id, a.role AS role,
  ${d.epochMs(sql.raw('min(a.created_at)'))} AS started_at, ${d.epochMs(sql.raw('max(a.created_at)'))} AS last_at, count(*) AS answers,
  sum(e.score) AS score_sum,
  coalesce(sum(${sql.raw(spokenFillers)}), 0) AS fillers_per_minute_sum, count(${sql.raw(spokenFillers)}) AS fillers_per_minute_answers,
  coalesce(sum(${sql.raw(spokenWpm)}), 0) AS wpm_sum, count(${sql.raw(spokenWpm)}) AS wpm_answers,
  coalesce(sum(${sql.raw(spokenDelivery)}), 0) AS delivery_sum, count(${sql.raw(spokenDelivery)}) AS delivery_answers,
  count(*) OVER (PARTITION BY a.user_id, a.session_id) AS roles
FROM answers a JOIN evaluations e ON e.answer_id = a.id LEFT JOIN metrics m ON m.answer_id = a.id
WHERE ${where}
GROUP BY a.user_id, a.session_id, a.workspace_id, a.role`;
}

const DAY_COLUMNS = sql.raw('user_id, workspace_id, role, day');
const SESSION_COLUMNS = sql.raw(
  'user_id, session_id, workspace_id, role, started_at, last_at, answers, score_sum, fillers_per_minute_sum, ' +
    'fillers_per_minute_answers, wpm_sum, wpm_answers, delivery_sum, delivery_answers, roles',
);

/** The back-fill statements, in the order the migration runs them. */
export function rollupInserts(d: SqlDialect, where: SQL, sessionWhere: SQL = where): SQL[] {
  return [
    sql`INSERT INTO progress_days (${DAY_COLUMNS}, answers, scored, score_hi, score_lo, first_scored_at, last_scored_at) ${daysSelect(d, where)}`,
    sql`INSERT INTO progress_category_days (${DAY_COLUMNS}, category, answers, score_hi, score_lo) ${categoryDaysSelect(d, where)}`,
    sql`INSERT INTO progress_filler_days (${DAY_COLUMNS}, word, count) ${fillerDaysSelect(d, where)}`,
    sql`INSERT INTO progress_sessions (${SESSION_COLUMNS}) ${sessionsSelect(d, sessionWhere)}`,
  ];
}

const DAY_MS = 86_400_000;

/** Answers of one user on one UTC day; the ±1 s margin keeps the index range while the day test decides. */
export function userDayWhere(d: SqlDialect, userId: UserId, day: string): SQL {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  return sql`a.user_id = ${userId} AND a.created_at >= ${d.instant(start - 1000)} AND a.created_at < ${d.instant(start + DAY_MS + 1000)} AND ${answerDay(d)} = ${day}`;
}

/** UTC day (`YYYY-MM-DD`) of a time in milliseconds. */
export const dayOfMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The `sessions` column of one user-day's rows: single-role progress_sessions rows of each key that started that day. */
function daySessionsUpdate(userId: UserId, day: string): SQL {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  return sql`UPDATE progress_days SET sessions = (SELECT count(*) FROM progress_sessions s
      WHERE s.user_id = progress_days.user_id AND s.workspace_id = progress_days.workspace_id AND s.role = progress_days.role
        AND s.roles = 1 AND s.started_at >= ${start} AND s.started_at < ${start + DAY_MS})
    WHERE user_id = ${userId} AND day = ${day}`;
}

/** The `sessions` column of every day row at once, for the back-fill. */
function allSessionsUpdate(d: SqlDialect): SQL {
  return sql`UPDATE progress_days SET sessions = s.n
    FROM (SELECT user_id, workspace_id, role, ${d.msDay(sql.raw('started_at'))} AS day, count(*) AS n
          FROM progress_sessions WHERE roles = 1 GROUP BY user_id, workspace_id, role, day) AS s
    WHERE s.user_id = progress_days.user_id AND s.workspace_id = progress_days.workspace_id AND s.role = progress_days.role AND s.day = progress_days.day`;
}

const MONTH_COLUMNS = sql.raw('user_id, workspace_id, role, month');
const dayMonth = sql.raw('substr(r.day, 1, 7)');

/** The month rows of the day rows `where` picks (alias `r` on the day table), one statement per month table. */
export function monthInserts(where: SQL): SQL[] {
  const group = sql`GROUP BY r.user_id, r.workspace_id, r.role, ${dayMonth}`;
  const keys = sql`r.user_id, r.workspace_id, r.role, ${dayMonth}`;
  return [
    sql`INSERT INTO progress_months (${MONTH_COLUMNS}, answers, scored, score_hi, score_lo, first_scored_at, last_scored_at, sessions)
      SELECT ${keys}, sum(r.answers), sum(r.scored), sum(r.score_hi), sum(r.score_lo), min(r.first_scored_at), max(r.last_scored_at), sum(r.sessions)
      FROM progress_days r WHERE ${where} ${group}`,
    sql`INSERT INTO progress_category_months (${MONTH_COLUMNS}, category, answers, score_hi, score_lo)
      SELECT ${keys}, r.category, sum(r.answers), sum(r.score_hi), sum(r.score_lo)
      FROM progress_category_days r WHERE ${where} ${group}, r.category`,
    sql`INSERT INTO progress_filler_months (${MONTH_COLUMNS}, word, count)
      SELECT ${keys}, r.word, sum(r.count) FROM progress_filler_days r WHERE ${where} ${group}, r.word`,
  ];
}

const MONTH_TABLES = ['progress_months', 'progress_category_months', 'progress_filler_months'];

/** Every rollup row from the stored answers, in order: what migrations 0002 and 0008 back-fill on an upgrade. */
export function rollupBackfill(d: SqlDialect): SQL[] {
  return [...rollupInserts(d, sql`TRUE`), allSessionsUpdate(d), ...monthInserts(sql`TRUE`)];
}

/** A user's rows of the given `YYYY-MM-DD` days rebuilt: their `sessions` column, then their months from their days. */
async function refreshDaysAndMonths(database: Database, tx: Db, userId: UserId, days: Iterable<string>): Promise<void> {
  const months = new Set<string>();
  for (const day of days) {
    await database.run(daySessionsUpdate(userId, day), tx);
    months.add(day.slice(0, 7));
  }
  for (const month of months) {
    for (const table of MONTH_TABLES) await database.run(sql`DELETE FROM ${sql.raw(table)} WHERE user_id = ${userId} AND month = ${month}`, tx);
    // Day keys sort as text, so the month is one range of the primary key.
    const where = sql`r.user_id = ${userId} AND r.day >= ${`${month}-01`} AND r.day <= ${`${month}-31`}`;
    for (const insert of monthInserts(where)) await database.run(insert, tx);
  }
}

/** The days the user's rows of a session start on (single- or multi-role: a row may change from one to the other). */
async function sessionStartDays(database: Database, tx: Db, userId: UserId, sessionId: SessionId): Promise<string[]> {
  const rows = await database.rows<{ startedAt: number }>(
    sql`SELECT started_at AS "startedAt" FROM progress_sessions WHERE user_id = ${userId} AND session_id = ${sessionId}`,
    tx,
  );
  return rows.map((r) => dayOfMs(Number(r.startedAt)));
}

/**
 * Rebuilds the rollup rows an answer belongs to (its user-day and its user-session) from the stored answers, the
 * session counts of the days the session's rows start on, and the months of those days from their days; and
 * bumps the user's progress version (the report cache's key). Call it inside the transaction that wrote the
 * answer, its metrics or its evaluation, after the write.
 */
export async function refreshProgressRollups(database: Database, tx: Db, answerId: AnswerId): Promise<void> {
  const d = sqlDialects[database.dialect];
  const [answer] = await database.rows<{ userId: UserId; sessionId: SessionId; day: string }>(
    sql`SELECT a.user_id AS "userId", a.session_id AS "sessionId", ${answerDay(d)} AS day FROM answers a WHERE a.id = ${answerId}`,
    tx,
  );
  if (!answer) return;
  const { userId, sessionId, day } = answer;
  // Postgres runs transactions side by side: two refreshing the same user's rows (answers in two rounds at once, a
  // score stored while the next answer arrives) would both delete, then both insert the same keys. Locking the
  // user's row first makes the second wait for the first to commit and rebuild from what it stored. SQLite's write
  // transactions already run one at a time. NO KEY UPDATE, not UPDATE: the answer's own insert holds a KEY SHARE
  // lock on the user's row (its foreign key), which UPDATE would wait on — two such inserts would deadlock.
  if (database.dialect === 'postgres') await database.run(sql`SELECT 1 FROM users WHERE id = ${userId} FOR NO KEY UPDATE`, tx);
  const before = await sessionStartDays(database, tx, userId, sessionId);
  for (const table of ['progress_days', 'progress_category_days', 'progress_filler_days']) {
    await database.run(sql`DELETE FROM ${sql.raw(table)} WHERE user_id = ${userId} AND day = ${day}`, tx);
  }
  await database.run(sql`DELETE FROM progress_sessions WHERE user_id = ${userId} AND session_id = ${sessionId}`, tx);
  const sessionWhere = sql`a.session_id = ${sessionId} AND a.user_id = ${userId}`;
  for (const insert of rollupInserts(d, userDayWhere(d, userId, day), sessionWhere)) await database.run(insert, tx);
  // The day's rows came back with no session counts, and the session's rows may start on other days than before.
  const after = await sessionStartDays(database, tx, userId, sessionId);
  await refreshDaysAndMonths(database, tx, userId, new Set([day, ...before, ...after]));
  await bumpProgressVersion(database, tx, userId);
}
