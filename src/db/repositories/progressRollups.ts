import type { SQL } from 'drizzle-orm';
import { sql } from '../drizzle.js';
import type { Database, Db } from '../client.js';

/*
 * How the /progress rollup rows are computed from answers. One definition serves three uses: rebuilding a
 * user-day or a user's session after an answer is written, the migration's back-fill (its SQL was printed from
 * these builders, `where` = `1`), and the report's partial days, which run the same SELECT on the answers of a
 * day cut at the report's exact bounds.
 */

/** UTC day of an answer, as the streak always counted it. */
export const ANSWER_DAY = sql.raw(`date(a.created_at / 1000, 'unixepoch')`);

/**
 * A score split into two integers, score × 2^28 truncated and the rest × 2^28: both steps are exact for any score
 * that is a multiple of 2^-56 (every stored score, 0–10 in tenths), so integer sums of them are the exact sum.
 */
export const SCORE_SCALE = 2 ** 28;
const scoreHi = sql.raw(`CAST(e.score * ${SCORE_SCALE} AS INTEGER)`);
const scoreLo = sql.raw(`CAST((e.score * ${SCORE_SCALE} - CAST(e.score * ${SCORE_SCALE} AS INTEGER)) * ${SCORE_SCALE} AS INTEGER)`);

const spoken = `a.input_kind <> 'text'`;
const spokenFillers = `CASE WHEN ${spoken} THEN m.fillers_per_minute + coalesce(m.hesitations_per_minute, 0) END`;
const spokenWpm = `CASE WHEN ${spoken} THEN m.wpm END`;
const spokenDelivery = `CASE WHEN ${spoken} THEN m.delivery_score END`;
export const SPOKEN_FILLERS = sql.raw(spokenFillers);
export const SPOKEN_WPM = sql.raw(spokenWpm);
export const SPOKEN_DELIVERY = sql.raw(spokenDelivery);

export function daysSelect(where: SQL): SQL {
  return sql`SELECT a.user_id AS user_id, a.workspace_id AS workspace_id, a.role AS role, ${ANSWER_DAY} AS day,
  count(*) AS answers, count(e.answer_id) AS scored, coalesce(sum(${scoreHi}), 0) AS score_hi, coalesce(sum(${scoreLo}), 0) AS score_lo,
  min(CASE WHEN e.answer_id IS NOT NULL THEN a.created_at END) AS first_scored_at,
  max(CASE WHEN e.answer_id IS NOT NULL THEN a.created_at END) AS last_scored_at
FROM answers a LEFT JOIN evaluations e ON e.answer_id = a.id
WHERE ${where}
GROUP BY a.user_id, a.workspace_id, a.role, day`;
}

export function categoryDaysSelect(where: SQL): SQL {
  return sql`SELECT a.user_id AS user_id, a.workspace_id AS workspace_id, a.role AS role, ${ANSWER_DAY} AS day,
  a.category AS category, count(*) AS answers, sum(${scoreHi}) AS score_hi, sum(${scoreLo}) AS score_lo
FROM answers a JOIN evaluations e ON e.answer_id = a.id
WHERE ${where}
GROUP BY a.user_id, a.workspace_id, a.role, day, a.category`;
}

/** Fillers were counted even if scoring later failed, so this needs no evaluation row. */
export function fillerDaysSelect(where: SQL): SQL {
  return sql`SELECT a.user_id AS user_id, a.workspace_id AS workspace_id, a.role AS role, ${ANSWER_DAY} AS day,
  f.key AS word, sum(f.value) AS count
FROM answers a JOIN metrics m ON m.answer_id = a.id, json_each(m.fillers_by_word) AS f
WHERE ${where}
GROUP BY a.user_id, a.workspace_id, a.role, day, f.key`;
}

export function sessionsSelect(where: SQL): SQL {
  return sql`SELECT a.user_id AS user_id, a.session_id AS session_id, a.workspace_id AS workspace_id, a.role AS role,
  min(a.created_at) AS started_at, max(a.created_at) AS last_at, count(*) AS answers,
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
export function rollupInserts(where: SQL, sessionWhere: SQL = where): SQL[] {
  return [
    sql`INSERT INTO progress_days (${DAY_COLUMNS}, answers, scored, score_hi, score_lo, first_scored_at, last_scored_at) ${daysSelect(where)}`,
    sql`INSERT INTO progress_category_days (${DAY_COLUMNS}, category, answers, score_hi, score_lo) ${categoryDaysSelect(where)}`,
    sql`INSERT INTO progress_filler_days (${DAY_COLUMNS}, word, count) ${fillerDaysSelect(where)}`,
    sql`INSERT INTO progress_sessions (${SESSION_COLUMNS}) ${sessionsSelect(sessionWhere)}`,
  ];
}

const DAY_MS = 86_400_000;

/** Answers of one user on one UTC day; the ±1 s margin keeps the index range while the day test decides. */
export function userDayWhere(userId: number, day: string): SQL {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  return sql`a.user_id = ${userId} AND a.created_at >= ${start - 1000} AND a.created_at < ${start + DAY_MS + 1000} AND ${ANSWER_DAY} = ${day}`;
}

/**
 * Rebuilds the rollup rows an answer belongs to (its user-day and its user-session) from the stored answers.
 * Call it inside the transaction that wrote the answer, its metrics or its evaluation, after the write.
 */
export async function refreshProgressRollups(database: Database, tx: Db, answerId: number): Promise<void> {
  const [answer] = await database.rows<{ userId: number; sessionId: string; day: string }>(
    sql`SELECT a.user_id AS "userId", a.session_id AS "sessionId", ${ANSWER_DAY} AS day FROM answers a WHERE a.id = ${answerId}`,
    tx,
  );
  if (!answer) return;
  const { userId, sessionId, day } = answer;
  for (const table of ['progress_days', 'progress_category_days', 'progress_filler_days']) {
    await database.run(sql`DELETE FROM ${sql.raw(table)} WHERE user_id = ${userId} AND day = ${day}`, tx);
  }
  await database.run(sql`DELETE FROM progress_sessions WHERE user_id = ${userId} AND session_id = ${sessionId}`, tx);
  const sessionWhere = sql`a.session_id = ${sessionId} AND a.user_id = ${userId}`;
  for (const insert of rollupInserts(userDayWhere(userId, day), sessionWhere)) await database.run(insert, tx);
}
