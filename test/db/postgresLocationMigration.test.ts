// storage: PostgreSQL only — migrates a PostgreSQL database from 0002 with old-format rows (the SQLite twin is locationMigration).
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/db/index.js';
import { applyPgMigrations } from '../../src/db/postgres/applyPgMigrations.js';
import { openPostgres, type PostgresDatabase } from '../../src/db/postgres/openPostgres.js';
import { answerId, sessionId } from '../../src/ids.js';
import { DECODED_ANSWERS, DECODED_LOCATIONS, migrationsBefore, OLD_FORMAT_ROWS, PG_MIGRATIONS } from '../helpers/migrationsUpTo.js';
import { createTempPgDatabase, type TempPgDatabase } from '../helpers/tempPgDatabase.js';

const opened: PostgresDatabase[] = [];
const databases: TempPgDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.close()));
  await Promise.all(databases.splice(0).map((d) => d.drop()));
});

/** A Postgres database as the version before the location columns left it, holding OLD_FORMAT_ROWS. */
async function oldDatabase(): Promise<string> {
  const database = await createTempPgDatabase();
  databases.push(database);
  const before = migrationsBefore(PG_MIGRATIONS, '0003_session_locations');
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  try {
    await applyPgMigrations(pool, before.folder);
    for (const statement of OLD_FORMAT_ROWS) await pool.query(statement);
  } finally {
    await pool.end();
    before.remove();
  }
  return database.url;
}

describe('migration 0003 (session locations) on Postgres', () => {
  it('decodes the old encoded strings of existing rows into the new columns', async () => {
    const database = await openPostgres(await oldDatabase(), { max: 2 });
    opened.push(database);
    const repos = createRepositories(database);
    for (const [id, location] of Object.entries(DECODED_LOCATIONS)) {
      expect((await repos.sessions.get(sessionId(id)))?.location, id).toEqual(location);
    }
    for (const expected of DECODED_ANSWERS) {
      expect(await repos.answers.get(answerId(expected.id))).toMatchObject(expected);
    }
    expect((await repos.sessions.findOpenAt(DECODED_LOCATIONS['s-round']))?.id).toBe('s-round');
    expect((await repos.sessions.findOpenAt(DECODED_LOCATIONS['d-drill']))?.id).toBe('d-drill');
  });

  it('keeps one open round per channel on the new columns', async () => {
    const url = await oldDatabase();
    opened.push(await openPostgres(url, { max: 1 }));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const insert = (id: string, surface: string) =>
        client.query(`insert into sessions (id, kind, workspace_id, surface, channel_id, role, difficulty, question_count, mode, status) values ($1, 'interview', 2, $2, 'C42', 'backend', 'mid', 1, 'text', 'lobby')`, [id, surface]);
      await expect(insert('s-round-2', 'slack')).rejects.toThrow(/sessions_one_open_round_per_channel/);
      await expect(insert('c-round', 'cli')).resolves.toBeDefined();
    } finally {
      await client.end();
    }
  });
});
