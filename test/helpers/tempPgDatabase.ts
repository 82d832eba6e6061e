import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The Postgres server tests use: TEST_DATABASE_URL, else the one every machine here runs (127.0.0.1:5432, trust
 * auth, user postgres, database test). Only its server matters: each test file works in a database of its own.
 */
export const testPgServerUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether this run stores the app's data in Postgres (`TEST_DATABASE_URL` set) rather than SQLite. */
export const testsOnPostgres = process.env.TEST_DATABASE_URL !== undefined && process.env.TEST_DATABASE_URL !== '';

const PREFIX = 'ic_t_';

export interface TempPgDatabase {
  /** A connection URL for the new, empty database. */
  url: string;
  name: string;
  /** Runs one statement on a connection of its own, opened and closed around it: its rows. */
  query<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  /** Drops the database, closing whatever connections are still open on it. */
  drop(): Promise<void>;
}

async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const withAdmin = <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => withClient(testPgServerUrl, fn);

/**
 * A fresh, empty database on the test server, named for this process so one left by a test process that was killed
 * is dropped by the next one to start (nothing stays behind on the server).
 */
export async function createTempPgDatabase(): Promise<TempPgDatabase> {
  const name = `${PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (admin) => {
    await dropOrphans(admin);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(testPgServerUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    query: async <T extends pg.QueryResultRow>(text: string, values?: unknown[]) => withClient(url.toString(), async (client) => (await client.query<T>(text, values)).rows),
    drop: () => (dropped ??= withAdmin(async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)))),
  };
}

/** Test databases whose process is gone (killed before its cleanup ran). */
async function dropOrphans(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`);
  for (const { datname } of rows) {
    const pid = Number(datname.slice(PREFIX.length).split('_')[0]);
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) {
      // Another process starting at the same moment may be dropping it too: whichever loses has nothing to do.
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !(error instanceof Error && 'code' in error && error.code === 'ESRCH');
  }
}
