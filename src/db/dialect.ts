import type { SQL } from 'drizzle-orm';
import { sql } from './drizzle.js';

/**
 * The raw-SQL pieces that differ between SQLite and Postgres, one small object per database, chosen from
 * `Database.dialect`. Stored instants are millisecond integers on SQLite and `timestamptz(3)` on Postgres; JSON is
 * text on SQLite and `jsonb` on Postgres. Everything else the repositories write is SQL both accept. The SQLite
 * pieces are the very text the queries had before Postgres, so their plans do not move.
 */
export interface SqlDialect {
  /** The UTC day (`YYYY-MM-DD`) of a stored instant. */
  utcDay(instant: SQL): SQL;
  /** The UTC day (`YYYY-MM-DD`) of epoch milliseconds held as a number (the rollups' times). */
  msDay(ms: SQL): SQL;
  /** A stored instant (or min/max of them) as epoch milliseconds, a JS number. */
  epochMs(instant: SQL): SQL;
  /** Epoch milliseconds as a value comparable with stored instants. */
  instant(ms: number): SQL;
  /** A number truncated toward zero to a 64-bit integer. */
  truncToInteger(value: SQL): SQL;
  /** A FROM item over a JSON object of numbers: one row per entry, `alias.key` (text) and `alias.value` (number). */
  jsonEntries(json: SQL, alias: string): SQL;
  /** A FROM item over a JSON array of strings: one row per element, `alias.value` (text). */
  jsonElements(json: SQL, alias: string): SQL;
  /** SQLite's `INDEXED BY` hint after a table name; nothing on Postgres, whose planner needs none. */
  indexedBy(index: string): SQL;
}

export const sqliteDialect: SqlDialect = {
  utcDay: (instant) => sql`date(${instant} / 1000, 'unixepoch')`,
  msDay: (ms) => sql`date(${ms} / 1000, 'unixepoch')`,
  epochMs: (instant) => instant,
  instant: (ms) => sql`${ms}`,
  truncToInteger: (value) => sql`CAST(${value} AS INTEGER)`,
  jsonEntries: (json, alias) => sql`json_each(${json}) AS ${sql.raw(alias)}`,
  jsonElements: (json, alias) => sql`json_each(${json}) AS ${sql.raw(alias)}`,
  indexedBy: (index) => sql.raw(` INDEXED BY ${index}`),
};

export const postgresDialect: SqlDialect = {
  utcDay: (instant) => sql`to_char(${instant} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  msDay: (ms) => sql`to_char(to_timestamp(${ms} / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  // extract() gives an exact numeric in Postgres 14+; milliseconds of a timestamptz(3) are whole, so the double is exact.
  epochMs: (instant) => sql`(extract(epoch FROM ${instant}) * 1000)::float8`,
  instant: (ms) => sql`${new Date(ms).toISOString()}::timestamptz`,
  truncToInteger: (value) => sql`trunc(${value})::bigint`,
  jsonEntries: (json, alias) => sql`LATERAL (SELECT e.key, (e.value)::float8 AS value FROM jsonb_each(${json}) AS e) AS ${sql.raw(alias)}`,
  jsonElements: (json, alias) => sql`jsonb_array_elements_text(${json}) AS ${sql.raw(alias)}(value)`,
  indexedBy: () => sql.raw(''),
};

export const sqlDialects: Record<'sqlite' | 'postgres', SqlDialect> = { sqlite: sqliteDialect, postgres: postgresDialect };
