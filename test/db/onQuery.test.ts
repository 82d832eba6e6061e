// storage: SQLite only — the onQuery hook is an option of the SQLite opener used by the benchmarks.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepositories, openDatabase, type SqliteDatabase } from '../../src/db/index.js';
import { person } from '../helpers/ids.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function open(onQuery?: (text: string, params: unknown[]) => void): SqliteDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-onquery-'));
  const database = openDatabase(path.join(dir, 'test.db'), onQuery ? { onQuery } : {});
  cleanups.push(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return database;
}

describe('openDatabase onQuery (benchmarks count statements with it)', () => {
  it('sees every statement a repository sends, with its parameters', async () => {
    const seen: { text: string; params: unknown[] }[] = [];
    const repos = createRepositories(open((text, params) => seen.push({ text, params })));
    const user = await repos.identity.upsertUser(person('cli', 'ana', 'Ana'));
    const before = seen.length;
    expect(before).toBeGreaterThan(0);
    await repos.identity.getUser(user.id);
    expect(seen.length).toBeGreaterThan(before);
    const last = seen.at(-1);
    expect(last?.text).toMatch(/^select /i);
    expect(last?.params).toContain(user.id);
  });

  it('without it, repositories work as before', async () => {
    const repos = createRepositories(open());
    const user = await repos.identity.upsertUser(person('cli', 'bo', 'Bo'));
    expect((await repos.identity.getUser(user.id))?.displayName).toBe('Bo');
  });
});
