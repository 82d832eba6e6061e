// storage: SQLite only — SQLite's write lock and BEGIN IMMEDIATE transactions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.js';
import { createTempDb, type TempDb } from '../helpers/tempDb.js';
import { person, place, platformUserId, sessionId } from '../helpers/ids.js';
import { inChannel } from '../helpers/locations.js';

let db: TempDb;
beforeEach(() => {
  db = createTempDb();
});
afterEach(() => db.cleanup());

/** A promise the test settles itself: the transaction under test waits on it while others queue. */
function signal(): { wait: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const wait = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { wait, fire };
}

const names = async (): Promise<string[]> => (await db.handle.db.select({ id: users.platformUserId }).from(users)).map((r) => r.id).sort();

describe('SQLite transactions on the one connection', () => {
  it('a writer that rolls back neither loses nor leaks the write of a writer that came in meanwhile', async () => {
    const events: string[] = [];
    const inside = signal();
    const release = signal();
    const rolledBack = db.handle
      .transaction(async (tx) => {
        await tx.insert(users).values({ platform: 'discord', platformUserId: platformUserId('a'), displayName: 'A' });
        events.push('a inserted');
        inside.fire();
        await release.wait;
        throw new Error('a changes its mind');
      })
      .catch((error: unknown) => {
        events.push('a rolled back');
        return error;
      });
    await inside.wait;
    // Started while A's transaction is open: it must neither run inside it nor be undone with it.
    const other = db.repos.identity.upsertUser(person('discord', 'b', 'B')).then((row) => {
      events.push('b stored');
      return row;
    });
    release.fire();
    expect(await rolledBack).toBeInstanceOf(Error);
    expect((await other).platformUserId).toBe('b');
    expect(events).toEqual(['a inserted', 'a rolled back', 'b stored']);
    expect(await names()).toEqual(['b']);
  });

  it('a writer that commits keeps its write when a writer queued behind it rolls back', async () => {
    const inside = signal();
    const release = signal();
    const committed = db.handle.transaction(async (tx) => {
      await tx.insert(users).values({ platform: 'discord', platformUserId: platformUserId('a'), displayName: 'A' });
      inside.fire();
      await release.wait;
    });
    await inside.wait;
    const failing = db.handle.transaction(async (tx) => {
      await tx.insert(users).values({ platform: 'discord', platformUserId: platformUserId('b'), displayName: 'B' });
      throw new Error('b fails');
    });
    // A read queued meanwhile sees committed rows only, after A's commit.
    const read = names();
    release.fire();
    await committed;
    await expect(failing).rejects.toThrow('b fails');
    expect(await read).toEqual(['a']);
    expect(await names()).toEqual(['a']);
    expect(db.handle.sqlite.inTransaction).toBe(false);
  });

  it('repository calls and transactions nest without deadlock; an inner rollback undoes only the inner part', async () => {
    const result = await db.handle.transaction(async () => {
      const outer = await db.repos.identity.upsertUser(person('discord', 'outer', 'Outer'));
      // A repository method that opens its own transaction, from inside this one.
      const ws = await db.repos.identity.upsertWorkspace(place('discord', 'g1'));
      await db.repos.sessions.create(
        { id: sessionId('s1'), kind: 'drill', workspaceId: ws.id, hostUserId: outer.id, location: inChannel('c1'), role: 'backend', difficulty: 'mid', questionCount: 0, mode: 'text', status: 'active' },
        [],
      );
      await expect(
        db.handle.transaction(async (tx) => {
          await tx.insert(users).values({ platform: 'discord', platformUserId: platformUserId('inner'), displayName: 'Inner' });
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
      return (await db.repos.sessions.participants(sessionId('s1'))).map((u) => u.platformUserId);
    });
    expect(result).toEqual(['outer']);
    expect(await names()).toEqual(['outer']);
  });

  it('many concurrent repository writes all land', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => db.repos.identity.upsertUser(person('discord', `u${String(i).padStart(2, '0')}`))));
    expect(await names()).toHaveLength(20);
  });
});
