import { describe, expectTypeOf, it } from 'vitest';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type * as sqlite from '../../src/db/schema.js';
import type * as pg from '../../src/db/postgres/schema.js';
import type { AnswerId } from '../../src/ids.js';

/*
 * The repositories are typed on the SQLite schema and run on Postgres through one cast (src/db/postgres/sqliteTyped.ts).
 * These are type-level checks, enforced by `tsc` (npm run typecheck): every SQLite table has a Postgres twin, and each
 * twin's row types, read and written, are exactly the SQLite ones.
 */
type SqliteTableNames = { [K in keyof typeof sqlite]: (typeof sqlite)[K] extends SQLiteTable ? K : never }[keyof typeof sqlite];
type Select<T> = T extends { $inferSelect: infer R } ? R : never;
type Insert<T> = T extends { $inferInsert: infer R } ? R : never;
/**
 * SQLite types every `integer` primary key as optional on insert (it is the rowid, which SQLite fills in); the two
 * tables keyed by their answer's id must be given that id on Postgres. The repositories always give it.
 */
type AnswerKeyed = 'metrics' | 'evaluations' | 'answerAudio' | 'feedbackOwed' | 'transcriptionCharges';
type SqliteInsert<K extends SqliteTableNames> = K extends AnswerKeyed
  ? Omit<Insert<(typeof sqlite)[K]>, 'answerId'> & { answerId: AnswerId }
  : Insert<(typeof sqlite)[K]>;
type Flat<T> = { [K in keyof T]: T[K] };

describe('the Postgres schema mirrors the SQLite schema', () => {
  it('has the same tables', () => {
    expectTypeOf<keyof typeof pg>().toEqualTypeOf<SqliteTableNames>();
  });

  it('reads the same rows from every table', () => {
    expectTypeOf<{ [K in SqliteTableNames]: Select<(typeof pg)[K]> }>().toEqualTypeOf<{ [K in SqliteTableNames]: Select<(typeof sqlite)[K]> }>();
  });

  it('writes the same rows to every table', () => {
    expectTypeOf<{ [K in SqliteTableNames]: Flat<Insert<(typeof pg)[K]>> }>().toEqualTypeOf<{ [K in SqliteTableNames]: Flat<SqliteInsert<K>> }>();
  });

  it('would notice a difference', () => {
    // The check above is not vacuous: a nullable column where SQLite has a required one is a different row type.
    expectTypeOf<Select<typeof pg.answers>>().not.toEqualTypeOf<Omit<Select<typeof sqlite.answers>, 'role'> & { role: string | null }>();
  });
});
