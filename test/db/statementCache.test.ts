// storage: SQLite only — better-sqlite3's prepared-statement cache.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTempDb, type TempDb } from '../helpers/tempDb.js';
import { person } from '../helpers/ids.js';

let db: TempDb | undefined;
afterEach(async () => db?.cleanup());

/** Counts the statements the real connection prepares from now on. */
function countPrepares(t: TempDb): { readonly count: number } {
  const original = t.handle.sqlite.prepare.bind(t.handle.sqlite);
  const counter = { count: 0 };
  t.handle.sqlite.prepare = ((source: string) => {
    counter.count++;
    return original(source);
  }) as typeof t.handle.sqlite.prepare;
  return counter;
}

describe('prepared statements are reused per query shape', () => {
  it('repeating a repository query prepares nothing new (each prepare kept native memory until close)', async () => {
    db = createTempDb();
    const user = await db.repos.identity.upsertUser(person('cli', 'ana', 'Ana'));
    await db.repos.identity.getUser(user.id);
    const prepares = countPrepares(db);
    for (let i = 0; i < 50; i++) expect((await db.repos.identity.getUser(user.id))?.displayName).toBe('Ana');
    expect(prepares.count).toBe(0);
  });

  it('a reused statement still returns objects after drizzle used it for array rows', async () => {
    db = createTempDb();
    await db.repos.identity.upsertUser(person('cli', 'bo', 'Bo'));
    const query = sql`select display_name as name from users where platform_user_id = ${'bo'}`;
    // values() switches the statement to raw (array) rows; all() and get() on the same SQL must get objects again.
    expect(db.handle.db.values(query)).toEqual([['Bo']]);
    expect(db.handle.db.all(query)).toEqual([{ name: 'Bo' }]);
    expect(db.handle.db.get(query)).toEqual({ name: 'Bo' });
    expect(db.handle.db.values(query)).toEqual([['Bo']]);
  });
});
