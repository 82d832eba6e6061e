import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test server: loopback, trust auth (README: Postgres for tests). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PgScratch {
  /** A schema of this test file's own, for its tables. */
  schema: string;
  /** Another for pg-boss (its `schema` option), created by pg-boss on start. */
  bossSchema: string;
  client: pg.Client;
  /** Drops both schemas and disconnects. */
  drop(): Promise<void>;
}

/** Two fresh schemas in the test database, named at random so files and runs never share one. */
export async function createPgScratch(prefix: string): Promise<PgScratch> {
  const tag = `${prefix}_${randomBytes(5).toString('hex')}`;
  const schema = `t_${tag}`;
  const bossSchema = `boss_${tag}`;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  return {
    schema,
    bossSchema,
    client,
    async drop() {
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.query(`DROP SCHEMA IF EXISTS ${bossSchema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs` (a wait-for, not a sleep). */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    // The interval between two looks at the database, not a wait for the condition itself.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
