// storage: SQLite and PostgreSQL
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRepositories, isUniqueViolation, OPEN_ROUND_PER_CHANNEL, openDatabase, type Database, type Repositories } from '../../src/db/index.js';
import { openPostgres } from '../../src/db/postgres/openPostgres.js';
import { BankQuestionSource } from '../../src/pipeline/questions/bankQuestionSource.js';
import { RoundLeases } from '../../src/session/RoundLeases.js';
import { SessionEngine } from '../../src/session/SessionEngine.js';
import { UsageLimits, type LimitSettings } from '../../src/session/UsageLimits.js';
import { UserFacingError } from '../../src/errors.js';
import { sessionOptions } from '../helpers/sessionOptions.js';
import { createTempPgDatabase, testsOnPostgres } from '../helpers/tempPgDatabase.js';
import { person, place, platformUserId, sessionId } from '../helpers/ids.js';
import { channelOf, inChannel } from '../helpers/locations.js';

/*
 * Two connections stand for two processes (Discord shards) sharing a database: nothing in memory is shared between
 * them, only what the database decides. SQLite: two connections to one file (WAL). With TEST_DATABASE_URL: two pools
 * on a fresh Postgres database.
 */
let one: Database;
let other: Database;
let dropDatabase: () => Promise<void>;
let a: Repositories;
let b: Repositories;
const bank = new BankQuestionSource();
const settings: LimitSettings = {
  sessionsPerUserPerDay: 100,
  sessionsPerWorkspacePerDay: 100,
  transcriptionSecPerUserPerDay: 60,
  transcriptionSecPerWorkspacePerDay: 1000,
  drillCooldownSec: 10,
};
const engineFor = (repos: Repositories, owner: string, limits = new UsageLimits(repos, settings)) =>
  new SessionEngine({ repos, questions: bank, fallbackQuestions: bank, limits, lease: { owner, ms: 60_000 } });

beforeEach(async () => {
  if (testsOnPostgres) {
    const database = await createTempPgDatabase();
    one = await openPostgres(database.url);
    other = await openPostgres(database.url);
    dropDatabase = () => database.drop();
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-shared-'));
    one = openDatabase(path.join(dir, 'shared.db'));
    other = openDatabase(path.join(dir, 'shared.db'));
    dropDatabase = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  }
  a = createRepositories(one);
  b = createRepositories(other);
});
afterEach(async () => {
  await one.close();
  await other.close();
  await dropDatabase();
});

const refusal = async (promise: Promise<unknown>): Promise<UserFacingError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof UserFacingError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
};

describe('one open round per channel, decided by the database', () => {
  it('refuses a second open interview in a channel at the index; drills, other channels and later rounds are fine', async () => {
    const first = await engineFor(a, 'shard-0').start(sessionOptions());
    const row = { ...first.session, id: sessionId('second') };
    const error = await b.sessions.create(row, []).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(error, OPEN_ROUND_PER_CHANNEL)).toBe(true);
    await b.sessions.create({ ...row, id: sessionId('drill'), kind: 'drill' }, []);
    await b.sessions.create({ ...row, id: sessionId('elsewhere'), location: inChannel('c2') }, []);
    await engineFor(a, 'shard-0').end(first.session.id, 'ended');
    await b.sessions.create({ ...row, id: sessionId('after') }, []);
    expect((await b.sessions.listOpen()).filter((s) => channelOf(s) === 'c1' && s.kind === 'interview').map((s) => s.id)).toEqual(['after']);
  });

  it('tells a start that loses the race to another process "a round is already running here", and does not count it', async () => {
    // Process B passes its own check, then process A's round lands before B inserts (as two shards can interleave).
    class RacingLimits extends UsageLimits {
      override async reserveSessionStart(userId: number, workspaceId: number): Promise<void> {
        await a.sessions.create({ ...(await sessionOptionsRow()), id: sessionId('winner'), owner: 'shard-0' }, []);
        await super.reserveSessionStart(userId, workspaceId);
      }
    }
    const loser = engineFor(b, 'shard-1', new RacingLimits(b, settings));
    const error = await refusal(loser.start(sessionOptions({ host: person('discord', 'bob', 'Bob') })));
    expect(error.code).toBe('session_running');
    expect(error.message).toMatch(/^A round is already running here/);
    const bob = await b.identity.findUser('discord', platformUserId('bob'));
    expect(bob && (await b.usage.get('user', bob.id)).sessions).toBe(0);
    expect((await a.sessions.listOpen()).map((s) => s.id)).toEqual(['winner']);
  });
});

describe('racing starts on Postgres', () => {
  // Two pools run truly at once here; on SQLite two connections in one thread would block each other's write lock, so
  // its race runs between processes (test/sharding/twoShardProcesses.test.ts).
  it.skipIf(!testsOnPostgres)('opens one round per channel when two processes start one there at the same moment', async () => {
    const [first, second] = [engineFor(a, 'discord-shard-0'), engineFor(b, 'discord-shard-1')];
    for (let i = 0; i < 8; i++) {
      const channelId = `race-${i}`;
      const results = await Promise.allSettled([
        first.start(sessionOptions({ location: inChannel(channelId) })),
        second.start(sessionOptions({ location: inChannel(channelId), host: person('discord', 'bob', 'Bob') })),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected');
      const reason: unknown = refused?.status === 'rejected' ? refused.reason : undefined;
      expect(reason).toBeInstanceOf(UserFacingError);
      expect(reason instanceof UserFacingError && reason.code).toBe('session_running');
    }
    const open = (await a.sessions.listOpen()).filter((s) => s.kind === 'interview');
    expect(open).toHaveLength(8);
    expect(new Set(open.map((s) => channelOf(s))).size).toBe(8);
    // Only the starts that opened a round were counted.
    const alice = await a.identity.findUser('discord', platformUserId('alice'));
    const bob = await a.identity.findUser('discord', platformUserId('bob'));
    const counted = (alice ? (await a.usage.get('user', alice.id)).sessions : 0) + (bob ? (await a.usage.get('user', bob.id)).sessions : 0);
    expect(counted).toBe(8);
  });
});

/** A bare open interview row in channel c1 of guild g1 (the workspace and host exist once a round was started). */
async function sessionOptionsRow() {
  const workspace = await a.identity.upsertWorkspace(place('discord', 'g1', 'Guild'));
  return {
    kind: 'interview' as const,
    workspaceId: workspace.id,
    location: inChannel('c1'),
    role: 'frontend' as const,
    difficulty: 'mid' as const,
    questionCount: 0,
    mode: 'text' as const,
    status: 'active' as const,
  };
}

describe('open rounds are claimed by exactly one process', () => {
  it('keeps a round for its owner until the lease runs out; then exactly one other process gets it', async () => {
    let now = Date.parse('2026-12-02T10:00:00Z');
    const clock = () => now;
    const shard0 = new RoundLeases(a, 'discord-shard-0', 60_000, clock);
    const shard1 = new RoundLeases(b, 'discord-shard-1', 60_000, clock);
    const { session } = await new SessionEngine({ repos: a, questions: bank, fallbackQuestions: bank, lease: { owner: shard0.owner, ms: shard0.ms } }).start(
      sessionOptions(),
    );
    const open = () => a.sessions.listOpen();
    expect((await a.sessions.get(session.id))?.owner).toBe('discord-shard-0');

    now += 30_000;
    expect([...(await shard1.claim(await open()))]).toEqual([]);
    // The owner restarting within its grace takes its own round back at once, with a fresh lease.
    expect([...(await shard0.claim(await open()))]).toEqual([session.id]);
    now += 59_000;
    expect([...(await shard1.claim(await open()))]).toEqual([]);
    expect(await shard0.renew()).toBe(1);
    now += 59_000;
    expect([...(await shard1.claim(await open()))]).toEqual([]);

    // Silent past its lease: the first other process to ask gets it, the next does not.
    now += 61_000;
    const third = new RoundLeases(createRepositories(other), 'discord-shard-2', 60_000, clock);
    expect([...(await shard1.claim(await open()))]).toEqual([session.id]);
    expect([...(await third.claim(await open()))]).toEqual([]);
    expect([...(await shard0.claim(await open()))]).toEqual([]);
    expect((await a.sessions.get(session.id))?.owner).toBe('discord-shard-1');

    // A clean stop frees the rounds at once; an ended round is never claimed.
    await shard1.release();
    now += 1;
    expect([...(await shard0.claim(await open()))]).toEqual([session.id]);
    const ended = await a.sessions.update(session.id, { status: 'ended' });
    now += 120_000;
    expect([...(await shard1.claim(ended ? [ended] : []))]).toEqual([]);
    expect(ended?.owner).toBe('discord-shard-0');
  });
});

describe('limits and cool-downs hold across processes', () => {
  it('counts session starts against the daily limit once, whichever process asks', async () => {
    const limits = { user: 2, workspace: 3 };
    const u1 = (await a.identity.upsertUser(person('discord', 'alice', 'alice'))).id;
    const u2 = (await a.identity.upsertUser(person('discord', 'bob', 'bob'))).id;
    const w = (await a.identity.upsertWorkspace(place('discord', 'g1', 'Guild'))).id;
    expect(await a.usage.reserveSession(u1, w, limits)).toBeUndefined();
    expect(await b.usage.reserveSession(u1, w, limits)).toBeUndefined();
    expect(await a.usage.reserveSession(u1, w, limits)).toBe('user');
    expect(await b.usage.reserveSession(u2, w, limits)).toBeUndefined();
    // The workspace is full: bob's user count is rolled back with it.
    expect(await a.usage.reserveSession(u2, w, limits)).toBe('workspace');
    expect((await b.usage.get('user', u2)).sessions).toBe(1);
    expect((await b.usage.get('workspace', w)).sessions).toBe(3);
    expect(await a.usage.reserveSession(u1, w, { user: 0, workspace: 10 })).toBe('user');
  });

  it('lets transcription seconds through only while both allowances have room', async () => {
    const w = (await a.identity.upsertWorkspace(place('discord', 'g1', 'Guild'))).id;
    const u = (await a.identity.upsertUser(person('discord', 'alice', 'alice'))).id;
    const limits = { user: 10, workspace: 100 };
    expect(await a.usage.reserveTranscription(u, w, 6, limits)).toBeUndefined();
    expect(await b.usage.reserveTranscription(u, w, 6, limits)).toBe('user');
    expect(await b.usage.reserveTranscription(u, w, 4, limits)).toBeUndefined();
    expect((await a.usage.get('user', u)).transcriptionSec).toBe(10);
    expect((await a.usage.get('workspace', w)).transcriptionSec).toBe(10);
    expect(await a.usage.reserveTranscription(u, w, 11, { user: 10, workspace: 100 })).toBe('user');
  });

  it('starts a drill cool-down in one process that the other one sees', async () => {
    let now = 1_000_000;
    const inA = new UsageLimits(a, settings, () => now);
    const inB = new UsageLimits(b, settings, () => now);
    const alice = person('discord', 'alice');
    await inA.checkDrillCooldown(alice);
    now += 4000;
    await expect(inB.checkDrillCooldown(alice)).rejects.toThrow(/try again in 6 s/);
    await inB.checkDrillCooldown(person('discord', 'bob'));
    now += 6000;
    await inB.checkDrillCooldown(alice);
    await expect(inA.checkDrillCooldown(alice)).rejects.toThrow(/try again in 10 s/);
    // The cool-down row names the person: /forget-me removes it with the rest.
    await b.privacy.forget(person('discord', 'alice', 'alice'));
    await inA.checkDrillCooldown(alice);
  });
});
