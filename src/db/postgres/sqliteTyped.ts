import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Db, Tables } from '../client.js';
import * as pgSchema from './schema.js';

/** What raw SQL runs on: the pool's drizzle instance or one of its transactions. */
export type PgExecutor = Pick<NodePgDatabase<typeof pgSchema>, 'execute'>;

/*
 * The one place Postgres drizzle instances (the pool's and its transactions') and the Postgres tables are handed to code
 * typed on the SQLite schema, and taken back. The repositories are written once, against the SQLite types, and only
 * await query chains both dialects build the same way (select/insert/update/delete, joins, returning, onConflict…).
 * What these casts could get wrong is the rows, and test/db/postgresSchema.test.ts proves every table's `$inferSelect`
 * and `$inferInsert` are the same type on both. Raw SQL that differs between the dialects goes through the dialect
 * fragments instead.
 */
export const sqliteTyped = {
  db: (db: PgExecutor): Db => db as unknown as Db,
  tables: (): Tables => pgSchema as unknown as Tables,
  /** Back from the repositories' `Db` to the Postgres instance it is (only ever called with one this file handed out). */
  pg: (db: Db): PgExecutor => db as unknown as PgExecutor,
};
