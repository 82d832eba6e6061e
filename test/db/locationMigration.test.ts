// storage: SQLite only — builds a SQLite file at migration 0005 with old-format rows; postgresLocationMigration is its PostgreSQL twin.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/applyMigrations.js';
import { createRepositories, openDatabase, type DbHandle } from '../../src/db/index.js';
import { answerId, sessionId } from '../../src/ids.js';
import { DECODED_ANSWERS, DECODED_LOCATIONS, migrationsBefore, OLD_FORMAT_ROWS, SQLITE_MIGRATIONS } from '../helpers/migrationsUpTo.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A SQLite file as the version before the location columns left it, holding OLD_FORMAT_ROWS. */
function oldDatabaseFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-locmig-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const before = migrationsBefore(SQLITE_MIGRATIONS, '0006_session_location_columns');
  cleanups.push(() => before.remove());
  const file = path.join(dir, 'old.db');
  const sqlite = new Database(file);
  sqlite.pragma('foreign_keys = ON');
  applyMigrations(sqlite, before.folder);
  for (const statement of OLD_FORMAT_ROWS) sqlite.exec(statement);
  sqlite.close();
  return file;
}

function open(file: string): DbHandle {
  const handle = openDatabase(file);
  cleanups.push(() => handle.close());
  return handle;
}

describe('migrations 0006–0007 (session locations) on SQLite', () => {
  it('decodes the old encoded strings of existing rows into the new columns, keeping every row', async () => {
    const handle = open(oldDatabaseFile());
    const repos = createRepositories(handle);
    for (const [id, location] of Object.entries(DECODED_LOCATIONS)) {
      expect((await repos.sessions.get(sessionId(id)))?.location, id).toEqual(location);
    }
    for (const expected of DECODED_ANSWERS) {
      expect(await repos.answers.get(answerId(expected.id))).toMatchObject(expected);
    }
    // Rebuilding `sessions` cascaded into nothing: the questions and answers are all still there.
    expect(handle.sqlite.prepare('select count(*) as n from questions').get()).toEqual({ n: 2 });
    expect(handle.sqlite.prepare('select count(*) as n from answers').get()).toEqual({ n: 3 });
    expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('finds the migrated open rounds where the adapters look for them', async () => {
    const repos = createRepositories(open(oldDatabaseFile()));
    expect((await repos.sessions.findOpenAt(DECODED_LOCATIONS['d-round']))?.id).toBe('d-round');
    expect((await repos.sessions.findOpenAt(DECODED_LOCATIONS['d-drill']))?.id).toBe('d-drill');
    expect((await repos.sessions.findOpenAt(DECODED_LOCATIONS['s-round']))?.id).toBe('s-round');
    expect((await repos.sessions.findLatestAt(DECODED_LOCATIONS['s-drill']))?.id).toBe('s-drill');
  });

  it('keeps one open round per channel on the new columns', async () => {
    const handle = open(oldDatabaseFile());
    const second = handle.sqlite.prepare(
      `insert into sessions (id, kind, workspace_id, surface, channel_id, role, difficulty, question_count, mode, status) values (?, 'interview', 2, 'slack', 'C42', 'backend', 'mid', 1, 'text', 'lobby')`,
    );
    expect(() => second.run('s-round-2')).toThrow(/UNIQUE/);
    // The same channel id on another surface is another channel.
    expect(() => handle.sqlite.prepare(`insert into sessions (id, kind, workspace_id, surface, channel_id, role, difficulty, question_count, mode, status) values ('c-round', 'interview', 3, 'cli', 'C42', 'backend', 'mid', 1, 'text', 'lobby')`).run()).not.toThrow();
  });

  it('rolls a migration back when it leaves a foreign key pointing nowhere, and restores the foreign-key setting', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-locmig-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const sqlite = new Database(path.join(dir, 'fk.db'));
    cleanups.push(() => sqlite.close());
    sqlite.pragma('foreign_keys = ON');
    const before = migrationsBefore(SQLITE_MIGRATIONS, '0006_session_location_columns');
    cleanups.push(() => before.remove());
    applyMigrations(sqlite, before.folder);
    // A row whose session does not exist, as a broken migration would leave it (written with the keys off).
    sqlite.pragma('foreign_keys = OFF');
    sqlite.exec(`insert into session_participants (session_id, user_id) values ('nowhere', 99)`);
    sqlite.pragma('foreign_keys = ON');
    expect(() => applyMigrations(sqlite, SQLITE_MIGRATIONS)).toThrow(/foreign keys point nowhere/);
    expect(sqlite.prepare(`select count(*) as n from pragma_table_info('sessions') where name = 'surface'`).get()).toEqual({ n: 0 });
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
