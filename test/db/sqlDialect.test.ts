// storage: PostgreSQL only — the SQL both dialects share, run on each side by itself.
import Sqlite from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/db/drizzle.js';
import { postgresDialect, sqliteDialect, type SqlDialect } from '../../src/db/dialect.js';
import { openPostgres, type PostgresDatabase } from '../../src/db/postgres/openPostgres.js';
import { createTempPgDatabase, type TempPgDatabase } from '../helpers/tempPgDatabase.js';

/*
 * Each dialect fragment gives the same answer on both databases, over the column types each one stores:
 * millisecond integers and JSON text on SQLite, timestamptz(3) and jsonb on Postgres.
 */
const INSTANTS = [
  Date.UTC(2026, 2, 1, 23, 59, 59, 999),
  Date.UTC(2026, 2, 2, 0, 0, 0, 0),
  Date.UTC(2024, 1, 29, 12, 30, 0, 1),
  Date.UTC(2030, 11, 31, 23, 59, 59, 999),
];
const SCORES = [0, 0.1, 7.3, 9.9, 10, 3.3333333333333335];
const FILLERS = { um: 3, uh: 1, like: 12 };
const MISSED = ['latency', 'idempotency', 'über-caching'];

let sqliteRows: <T>(query: SQL) => Promise<T[]>;
let pgRows: <T>(query: SQL) => Promise<T[]>;
let pgServer: TempPgDatabase;
let pgDatabase: PostgresDatabase;
let sqliteFile: Sqlite.Database;

beforeAll(async () => {
  sqliteFile = new Sqlite(':memory:');
  sqliteFile.exec('CREATE TABLE t (at integer NOT NULL, score real NOT NULL, fillers text NOT NULL, missed text NOT NULL)');
  const insert = sqliteFile.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');
  INSTANTS.forEach((at, i) => insert.run(at, SCORES[i] ?? 0, JSON.stringify(FILLERS), JSON.stringify(MISSED)));
  const sqliteDb = drizzle(sqliteFile);
  sqliteRows = <T>(query: SQL) => Promise.resolve(sqliteDb.all<T>(query));

  pgServer = await createTempPgDatabase();
  pgDatabase = await openPostgres(pgServer.url, { max: 1 });
  await pgDatabase.run(sql`CREATE TABLE t (at timestamptz(3) NOT NULL, score float8 NOT NULL, fillers jsonb NOT NULL, missed jsonb NOT NULL)`);
  for (const [i, at] of INSTANTS.entries()) {
    await pgDatabase.run(sql`INSERT INTO t VALUES (${new Date(at).toISOString()}, ${SCORES[i] ?? 0}, ${JSON.stringify(FILLERS)}, ${JSON.stringify(MISSED)})`);
  }
  pgRows = <T>(query: SQL) => pgDatabase.rows<T>(query);
});

afterAll(async () => {
  sqliteFile.close();
  await pgDatabase.close();
  await pgServer.drop();
});

/** The same query built with each dialect, run on its database. */
async function both<T>(build: (d: SqlDialect) => SQL): Promise<[T[], T[]]> {
  return [await sqliteRows<T>(build(sqliteDialect)), await pgRows<T>(build(postgresDialect))];
}

describe('SQL dialect fragments', () => {
  it('utcDay and epochMs read stored instants the same way', async () => {
    const [onSqlite, onPg] = await both<{ day: string; ms: number }>(
      (d) => sql`SELECT ${d.utcDay(sql.raw('at'))} AS "day", ${d.epochMs(sql.raw('at'))} AS "ms" FROM t ORDER BY at`,
    );
    const expected = [...INSTANTS].sort((a, b) => a - b).map((ms) => ({ day: new Date(ms).toISOString().slice(0, 10), ms }));
    expect(onSqlite).toEqual(expected);
    expect(onPg).toEqual(expected);
  });

  it('instant compares with stored instants to the millisecond', async () => {
    const cut = Date.UTC(2026, 2, 1, 23, 59, 59, 999);
    const [onSqlite, onPg] = await both<{ n: number; latest: number }>(
      (d) => sql`SELECT count(*) AS "n", ${d.epochMs(sql`max(at)`)} AS "latest" FROM t WHERE at >= ${d.instant(cut)} AND at < ${d.instant(cut + 1)}`,
    );
    expect(onSqlite).toEqual([{ n: 1, latest: cut }]);
    expect(onPg).toEqual(onSqlite);
  });

  it('truncToInteger splits scores into the same exact integer halves', async () => {
    const scale = 2 ** 28;
    const [onSqlite, onPg] = await both<{ hi: number; lo: number }>((d) => {
      const scaled = sql`score * ${sql.raw(String(scale))}`;
      return sql`SELECT ${d.truncToInteger(scaled)} AS "hi", ${d.truncToInteger(sql`(${scaled} - ${d.truncToInteger(scaled)}) * ${sql.raw(String(scale))}`)} AS "lo"
        FROM t ORDER BY at`;
    });
    expect(onPg).toEqual(onSqlite);
    const sums = (rows: { hi: number; lo: number }[]) => rows.reduce((s, r) => s + r.hi / scale + r.lo / scale / scale, 0);
    expect(sums(onPg)).toBeCloseTo(SCORES.slice(0, INSTANTS.length).reduce((a, b) => a + b, 0), 12);
  });

  it('jsonEntries and jsonElements unnest JSON the same way', async () => {
    const [entriesSqlite, entriesPg] = await both<{ key: string; total: number }>(
      (d) => sql`SELECT f.key AS "key", sum(f.value) AS "total" FROM t, ${d.jsonEntries(sql.raw('t.fillers'), 'f')} GROUP BY f.key ORDER BY f.key`,
    );
    expect(entriesSqlite).toEqual([
      { key: 'like', total: 48 },
      { key: 'uh', total: 4 },
      { key: 'um', total: 12 },
    ]);
    expect(entriesPg).toEqual(entriesSqlite);
    const [elementsSqlite, elementsPg] = await both<{ word: string; n: number }>(
      (d) => sql`SELECT m.value AS "word", count(*) AS "n" FROM t CROSS JOIN ${d.jsonElements(sql.raw('t.missed'), 'm')} GROUP BY m.value ORDER BY m.value`,
    );
    expect(elementsSqlite).toEqual(MISSED.map((word) => ({ word, n: INSTANTS.length })).sort((a, b) => (a.word < b.word ? -1 : 1)));
    expect(elementsPg).toEqual(elementsSqlite);
  });

  it('indexedBy is a hint on SQLite and nothing on Postgres', () => {
    expect(sqliteDialect.indexedBy('t_at')).toEqual(sql.raw(' INDEXED BY t_at'));
    expect(postgresDialect.indexedBy('t_at')).toEqual(sql.raw(''));
  });
});
