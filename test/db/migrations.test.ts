// storage: SQLite only — SQLite's migration files and schema version; test/db/postgresMigrations.test.ts covers Postgres.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempDb, type TempDb } from '../helpers/tempDb.js';
import { openDatabase } from '../../src/db/index.js';
import { person } from '../helpers/ids.js';

let db: TempDb | undefined;
afterEach(async () => db?.cleanup());

describe('migrations on an empty file', () => {
  it('creates every table with WAL and foreign keys on', async () => {
    db = createTempDb();
    const tables = db.handle.sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(['answer_audio', 'answers', 'drill_cooldowns', 'evaluations', 'feedback_owed', 'metrics', 'peer_ratings', 'progress_category_days', 'progress_category_months', 'progress_competencies', 'progress_days', 'progress_filler_days', 'progress_filler_months', 'progress_months', 'progress_sessions', 'question_history', 'questions', 'session_participants', 'sessions', 'story_coverage', 'transcription_charges', 'usage', 'users', 'workspaces']);
    expect(db.handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('is idempotent: reopening the same file applies nothing twice and keeps data', async () => {
    db = createTempDb();
    await db.repos.identity.upsertUser(person('cli', 'ana', 'Ana'));
    await db.handle.close();
    const again = openDatabase(db.file);
    const count = again.sqlite.prepare('select count(*) as n from users').get() as { n: number };
    expect(count.n).toBe(1);
    await again.close();
    // The handle is closed already: only the folder is left to remove.
    const folder = path.dirname(db.file);
    db = { ...db, cleanup: () => Promise.resolve(rmSync(folder, { recursive: true, force: true })) };
  });

  it('gives metrics the nullable hesitation columns (migration 0001)', async () => {
    db = createTempDb();
    const columns = db.handle.sqlite.prepare('pragma table_info(metrics)').all() as { name: string; notnull: number }[];
    for (const name of ['hesitations_total', 'hesitations_per_minute', 'hesitation_spans', 'disfluency_clusters']) {
      expect(columns.find((c) => c.name === name), name).toMatchObject({ notnull: 0 });
    }
  });

  it('has the index that serves per-user history', async () => {
    db = createTempDb();
    const plan = db.handle.sqlite
      .prepare('explain query plan select * from answers where user_id = ? and created_at > ? order by created_at')
      .all(1, 0)
      .map((r) => (r as { detail: string }).detail)
      .join(' ');
    expect(plan).toContain('answers_user_time');
  });
});
