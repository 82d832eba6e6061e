// storage: PostgreSQL only — Postgres's own migrations.
import path from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/errors.js';
import { openPostgres, type PostgresDatabase } from '../../src/db/postgres/openPostgres.js';
import { createTempPgDatabase, type TempPgDatabase } from '../helpers/tempPgDatabase.js';
import { platformUserId } from '../helpers/ids.js';

const migrations = readMigrationFiles({ migrationsFolder: path.join(import.meta.dirname, '..', '..', 'migrations', 'postgres') });

const opened: PostgresDatabase[] = [];
const databases: TempPgDatabase[] = [];

async function freshDatabase(): Promise<TempPgDatabase> {
  const database = await createTempPgDatabase();
  databases.push(database);
  return database;
}

async function open(url: string): Promise<PostgresDatabase> {
  const database = await openPostgres(url, { max: 2 });
  opened.push(database);
  return database;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.close()));
  await Promise.all(databases.splice(0).map((d) => d.drop()));
});

describe('Postgres migrations', () => {
  it('four processes starting together on a new database migrate it once, and all of them start', async () => {
    const { url } = await freshDatabase();
    const started = await Promise.allSettled([open(url), open(url), open(url), open(url)]);
    expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);

    const applied = await query<{ hash: string }>(url, 'SELECT hash FROM drizzle.__drizzle_migrations ORDER BY id');
    expect(applied.map((r) => r.hash)).toEqual(migrations.map((m) => m.hash));
    const tables = await query<{ name: string }>(url, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
    expect(tables.map((t) => t.name)).toContain('answers');
    expect(tables.map((t) => t.name)).toContain('progress_sessions');
  });

  it('a second start finds nothing to apply and keeps the data', async () => {
    const { url } = await freshDatabase();
    const first = await open(url);
    await first.rows(first.db.insert(first.tables.users).values({ platform: 'cli', platformUserId: platformUserId('u1') }).getSQL());
    await first.close();
    const second = await open(url);
    const rows = await second.rows<{ n: number }>(second.db.select({ n: second.tables.users.id }).from(second.tables.users).getSQL());
    expect(rows).toHaveLength(1);
    expect(await query(url, 'SELECT hash FROM drizzle.__drizzle_migrations')).toHaveLength(migrations.length);
  });

  it('refuses a database written by a newer version, before touching it', async () => {
    const { url } = await freshDatabase();
    await (await open(url)).close();
    const newest = Math.max(...migrations.map((m) => m.folderMillis));
    await query(url, `INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('from-the-future', ${newest + 1000})`);
    const error: unknown = await openPostgres(url).then(
      (database) => database.close().then(() => 'opened'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as UserFacingError).message).toMatch(/newer version of Interview Coach/);
  });
});

describe('the Postgres pool', () => {
  it('reads int8 and numeric as numbers, exact, and fails on an int8 a number cannot hold', async () => {
    const { url } = await freshDatabase();
    const database = await open(url);
    const { sql } = await import('../../src/db/drizzle.js');
    const [row] = await database.rows<{ n: unknown; big: unknown; sum: unknown; avg: unknown }>(
      sql`SELECT count(*) AS n, ${2 ** 53 - 1}::bigint AS big, sum(x) AS sum, avg(x) AS avg FROM (VALUES (${2 ** 40}::bigint), (3::bigint)) AS v(x)`,
    );
    expect(row).toEqual({ n: 2, big: 2 ** 53 - 1, sum: 2 ** 40 + 3, avg: (2 ** 40 + 3) / 2 });
    const failed: unknown = await database.rows(sql`SELECT ${'9007199254740993'}::bigint AS n`).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).cause).toBeInstanceOf(RangeError);
    expect(String((failed as Error).cause)).toMatch(/9007199254740993 is beyond the exact range/);
  });

  it('keeps its parsers to itself: another pg client in the process still gets pg’s strings', async () => {
    const { url } = await freshDatabase();
    await open(url);
    expect(await query(url, 'SELECT count(*) AS n FROM pg_database')).toEqual([{ n: expect.any(String) as unknown }]);
  });
});
