import Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { sql } from '../../src/db/drizzle.js';
import type { OpenDatabase } from '../../src/db/openDatabaseFromConfig.js';
import type { DatabaseEnv } from './tempDb.js';

/**
 * Runs `read` on a separate read-only connection to the app's SQLite file: tests look at what was stored the way
 * an operator would, without a handle into the running app. SQLite only; `withDatabase` + the readers below work
 * on both databases.
 */
export function inspectDatabase<T>(file: string, read: (sqlite: Database.Database) => T): T {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(sqlite);
  } finally {
    sqlite.close();
  }
}

/**
 * Runs `read` on a connection of its own to the database `env` names (a SQLite file or a Postgres URL), closed
 * afterwards: what an operator sees, whichever database the app uses.
 */
export async function withDatabase<T>(env: DatabaseEnv, read: (database: OpenDatabase) => Promise<T>): Promise<T> {
  const database = await openInspector(env);
  try {
    return await read(database);
  } finally {
    await database.close();
  }
}

async function openInspector(env: DatabaseEnv): Promise<OpenDatabase> {
  if (env.DATABASE_URL !== undefined) {
    const { openPostgres } = await import('../../src/db/postgres/openPostgres.js');
    return openPostgres(env.DATABASE_URL, { max: 1 });
  }
  const { openDatabase } = await import('../../src/db/client.js');
  return openDatabase(env.DATABASE_PATH);
}

/** How many rows `table` holds. */
export async function countRows(database: OpenDatabase, table: string, where?: SQL): Promise<number> {
  const query = where === undefined ? sql`select count(*) as n from ${sql.identifier(table)}` : sql`select count(*) as n from ${sql.identifier(table)} where ${where}`;
  const [row] = await database.rows<{ n: number | string }>(query);
  return Number(row?.n ?? 0);
}

/** The application's tables (not the database's own nor the migrator's), by name. */
export async function tableNames(database: OpenDatabase): Promise<string[]> {
  const names =
    database.dialect === 'sqlite'
      ? await database.rows<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name`)
      : await database.rows<{ name: string }>(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like '__drizzle%' order by table_name`);
  return names.map((row) => row.name);
}

/** A table's column names. */
export async function columnNames(database: OpenDatabase, table: string): Promise<string[]> {
  const columns =
    database.dialect === 'sqlite'
      ? await database.rows<{ name: string }>(sql`select name from pragma_table_info(${table})`)
      : await database.rows<{ name: string }>(sql`select column_name as name from information_schema.columns where table_schema = 'public' and table_name = ${table} order by ordinal_position`);
  return columns.map((row) => row.name);
}

/** Every application table's rows, in a stable order: equal snapshots mean nothing was written in between. */
export async function snapshotTables(database: OpenDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of await tableNames(database)) {
    const rows = await database.rows<Record<string, unknown>>(sql`select * from ${sql.identifier(name)}`);
    out[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/**
 * Makes every `event` on `table` fail with `message` inside the database (a trigger), as a disk or constraint
 * fault would; the returned function removes the fault.
 */
export async function refuseWrites(database: OpenDatabase, table: string, event: 'insert' | 'update' | 'delete', message: string): Promise<() => Promise<void>> {
  const name = `refuse_${table}_${event}`;
  const quoted = message.replaceAll("'", "''");
  if (database.dialect === 'sqlite') {
    await database.run(sql.raw(`create trigger ${name} before ${event} on "${table}" begin select raise(abort, '${quoted}'); end`));
    return () => database.run(sql.raw(`drop trigger ${name}`));
  }
  await database.run(sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin raise exception '${quoted}'; end $$`));
  await database.run(sql.raw(`create trigger ${name} before ${event} on "${table}" for each row execute function ${name}()`));
  return async () => {
    await database.run(sql.raw(`drop trigger ${name} on "${table}"`));
    await database.run(sql.raw(`drop function ${name}()`));
  };
}

/** An error's message with those of its causes (drizzle wraps a Postgres error in "Failed query: …", cause = the error). */
export function messageChain(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 5; e = e.cause) parts.push(e.message);
  return parts.join(' ← ');
}
