// storage: SQLite and PostgreSQL
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import type { Question } from '../../src/pipeline/questions/types.js';
import { channelId, discordChannel, slackThread, slackTs, type Location } from '../../src/location.js';
import { person, place, platformUserId, sessionId } from '../helpers/ids.js';
import { inChannel } from '../helpers/locations.js';

let db: TempDatabase;
beforeEach(async () => {
  db = await createTempDatabase();
});
afterEach(async () => db.cleanup());

const question = (id: string): Question => ({
  id,
  role: 'backend',
  category: 'Databases',
  difficulty: 'mid',
  text: `Question ${id}?`,
  keywords: [{ term: 'index', synonyms: ['indexes'] }],
  idealAnswer: 'Use an index.',
  star: false,
  origin: 'bank',
});

async function seedSession() {
  const ws = await db.repos.identity.upsertWorkspace(place('discord', 'g1', 'Guild'));
  const host = await db.repos.identity.upsertUser(person('discord', 'u1', 'alice'));
  const session = await db.repos.sessions.create(
    { id: sessionId('s1'), kind: 'interview', workspaceId: ws.id, hostUserId: host.id, location: inChannel('c1'), role: 'backend', difficulty: 'mid', questionCount: 2, mode: 'text', status: 'active' },
    [question('backend:a'), question('backend:b')],
  );
  await db.repos.sessions.addParticipant(session.id, host.id);
  return { ws, host, session };
}

describe('identity repository', () => {
  it('upserts users by platform identity and keeps the display name fresh', async () => {
    const a = await db.repos.identity.upsertUser(person('discord', '42', 'old'));
    const b = await db.repos.identity.upsertUser(person('discord', '42', 'new'));
    const c = await db.repos.identity.upsertUser(person('slack', '42', 'other'));
    expect(b.id).toBe(a.id);
    expect(b.displayName).toBe('new');
    expect(c.id).not.toBe(a.id);
  });
});

describe('session repository', () => {
  it('stores questions in order and finds the open session of a channel and thread', async () => {
    const { session } = await seedSession();
    const inThread = discordChannel(channelId('c1'), channelId('t1'));
    await db.repos.sessions.update(session.id, { location: inThread });
    expect((await db.repos.sessions.get(session.id))?.location).toEqual({ surface: 'discord', channel: 'c1', thread: 't1' });
    expect((await db.repos.sessions.questions(session.id)).map((q) => q.questionKey)).toEqual(['backend:a', 'backend:b']);
    expect((await db.repos.sessions.findOpenAt(inChannel('c1')))?.id).toBe('s1');
    expect((await db.repos.sessions.findOpenAt(inThread))?.id).toBe('s1');
    // A thread is found by its own id, whichever parent the caller names.
    expect((await db.repos.sessions.findOpenAt(discordChannel(channelId('other'), channelId('t1'))))?.id).toBe('s1');
    expect(await db.repos.sessions.findOpenAt(discordChannel(channelId('c1'), channelId('t2')))).toBeUndefined();
    await db.repos.sessions.update(session.id, { status: 'ended' });
    expect(await db.repos.sessions.findOpenAt(inChannel('c1'))).toBeUndefined();
  });

  it('stores each kind of location in its columns and reads it back the same', async () => {
    const ws = await db.repos.identity.upsertWorkspace(place('slack', 'T1', 'Team'));
    const locations: Location[] = [
      { surface: 'discord-dm', user: platformUserId('111') },
      { surface: 'slack', user: platformUserId('U1') },
      slackThread(channelId('C1'), slackTs('1700000000.000100'), platformUserId('U1')),
      slackThread(channelId('C2'), slackTs('1700000000.000200')),
      { surface: 'cli', run: channelId('run-1') },
    ];
    for (const [i, location] of locations.entries()) {
      const row = await db.repos.sessions.create(
        { id: sessionId(`l${i}`), kind: 'drill', workspaceId: ws.id, hostUserId: null, location, role: 'backend', difficulty: 'mid', questionCount: 0, mode: 'text', status: 'active' },
        [],
      );
      expect(row.location).toEqual(location);
      expect((await db.repos.sessions.findOpenAt(location))?.id).toBe(`l${i}`);
    }
    // A Slack drill moved into its thread is found there and by its owner; a Slack channel finds only its rounds.
    expect((await db.repos.sessions.findOpenAt(slackThread(channelId('C1'), slackTs('1700000000.000100'))))?.id).toBe('l2');
    expect(await db.repos.sessions.findOpenAt({ surface: 'slack', channel: channelId('C1') })).toBeUndefined();
  });

  it('tracks participants joining and leaving', async () => {
    const { session } = await seedSession();
    const bob = await db.repos.identity.upsertUser(person('discord', 'u2', 'bob'));
    await db.repos.sessions.addParticipant(session.id, bob.id);
    expect((await db.repos.sessions.participants(session.id)).map((u) => u.displayName)).toEqual(['alice', 'bob']);
    await db.repos.sessions.removeParticipant(session.id, bob.id);
    expect((await db.repos.sessions.participants(session.id)).map((u) => u.displayName)).toEqual(['alice']);
    await db.repos.sessions.addParticipant(session.id, bob.id);
    expect(await db.repos.sessions.participants(session.id)).toHaveLength(2);
  });

  it('remembers asked questions per user and role', async () => {
    const { host } = await seedSession();
    await db.repos.sessions.recordAsked(host.id, 'backend:a', 'backend');
    await db.repos.sessions.recordAsked(host.id, 'backend:a', 'backend');
    expect([...await db.repos.sessions.askedKeys(host.id, 'backend')]).toEqual(['backend:a']);
    expect((await db.repos.sessions.askedKeys(host.id, 'frontend')).size).toBe(0);
  });
});

describe('answer repository', () => {
  it('keeps the answer, its metrics and evaluation together, and lists unfinished work', async () => {
    const { session, host, ws } = await seedSession();
    const q = (await db.repos.sessions.questions(session.id))[0];
    if (!q) throw new Error('no question');
    const answer = await db.repos.answers.create({ sessionId: session.id, questionId: q.id, userId: host.id, workspaceId: ws.id, role: 'backend', category: 'Databases', inputKind: 'text', transcript: 'Use an index', status: 'transcribed' });
    expect((await db.repos.answers.unfinished()).map((a) => a.id)).toEqual([answer.id]);
    await db.repos.answers.saveMetrics({ answerId: answer.id, wordCount: 3, fillersTotal: 0, fillersPerMinute: null, fillersByWord: {}, hedgesTotal: 0, hedgesByPhrase: {}, repetitions: 0, wpm: null, pauseCount: 0, pauseLongestSec: 0, pauseTotalSec: 0 });
    await db.repos.answers.saveEvaluation({ answerId: answer.id, score: 6.5, relevance: 7, depth: 5, structure: 6, clarity: 8, feedback: 'ok', idealAnswer: 'x', keywordsCovered: ['index'], keywordsMissed: [], evaluator: 'rubric', model: null });
    const record = await db.repos.answers.record(answer.id);
    expect(record?.answer.status).toBe('scored');
    expect(record?.metrics?.wordCount).toBe(3);
    expect(record?.evaluation?.keywordsCovered).toEqual(['index']);
    expect(await db.repos.answers.unfinished()).toEqual([]);
  });

  it('answers racing for one question store one per person: the others find it there (on Postgres, truly in parallel)', async () => {
    const { session, host, ws } = await seedSession();
    const bob = await db.repos.identity.upsertUser(person('discord', 'u2', 'bob'));
    const q = (await db.repos.sessions.questions(session.id))[0];
    if (!q) throw new Error('no question');
    const base = { sessionId: session.id, questionId: q.id, workspaceId: ws.id, role: 'backend' as const, category: 'Databases', inputKind: 'text' as const, transcript: 'x', status: 'transcribed' as const };
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => db.repos.answers.createUnlessAnswered({ ...base, userId: i % 2 === 0 ? host.id : bob.id })));
    const stored = results.filter((r) => r !== undefined);
    expect(stored.map((r) => r.userId).sort()).toEqual([host.id, bob.id].sort());
    expect(await db.database.rows(sql`select count(*) as n from answers`)).toEqual([{ n: 2 }]);
  });

  it("one person's answers stored at the same moment keep their progress rollups whole (on Postgres, truly in parallel)", async () => {
    const { session, host, ws } = await seedSession();
    const [qa, qb] = await db.repos.sessions.questions(session.id);
    if (!qa || !qb) throw new Error('no questions');
    const base = { sessionId: session.id, workspaceId: ws.id, userId: host.id, role: 'backend' as const, category: 'Databases', inputKind: 'text' as const, transcript: 'x', status: 'transcribed' as const };
    const [a, b] = await Promise.all([db.repos.answers.create({ ...base, questionId: qa.id }), db.repos.answers.create({ ...base, questionId: qb.id })]);
    const evaluation = { relevance: 5, depth: 5, structure: 5, clarity: 5, feedback: '', idealAnswer: '', keywordsCovered: [], keywordsMissed: [], evaluator: 'rubric' as const, model: null };
    await Promise.all([db.repos.answers.saveEvaluation({ ...evaluation, answerId: a.id, score: 4 }), db.repos.answers.saveEvaluation({ ...evaluation, answerId: b.id, score: 8 })]);
    expect(await db.database.rows(sql`select answers, scored from progress_days`)).toEqual([{ answers: 2, scored: 2 }]);
  });

  it('deleting a user removes their answers, metrics and evaluations but keeps others and their sessions', async () => {
    const { session, host, ws } = await seedSession();
    const bob = await db.repos.identity.upsertUser(person('discord', 'u2', 'bob'));
    await db.repos.sessions.addParticipant(session.id, bob.id);
    const q = (await db.repos.sessions.questions(session.id))[0];
    if (!q) throw new Error('no question');
    const base = { sessionId: session.id, questionId: q.id, workspaceId: ws.id, role: 'backend' as const, category: 'Databases', inputKind: 'text' as const, transcript: 'x', status: 'transcribed' as const };
    const mine = await db.repos.answers.create({ ...base, userId: host.id });
    const his = await db.repos.answers.create({ ...base, userId: bob.id });
    await db.repos.answers.saveEvaluation({ answerId: mine.id, score: 5, relevance: 5, depth: 5, structure: 5, clarity: 5, feedback: '', idealAnswer: '', keywordsCovered: [], keywordsMissed: [], evaluator: 'rubric', model: null });
    await db.repos.identity.deleteUser(host.id);
    expect(await db.repos.answers.get(mine.id)).toBeUndefined();
    expect(await db.database.rows(sql`select count(*) as n from evaluations`)).toEqual([{ n: 0 }]);
    expect(await db.repos.answers.get(his.id)).toBeDefined();
    expect((await db.repos.sessions.get(session.id))?.hostUserId).toBeNull();
  });
});

describe('usage repository', () => {
  it('adds daily counters per scope', async () => {
    await db.repos.usage.add('user', 1, { sessions: 1 }, '2026-11-24');
    await db.repos.usage.add('user', 1, { transcriptionSec: 30.5 }, '2026-11-24');
    await db.repos.usage.add('user', 1, { sessions: 1 }, '2026-11-25');
    expect(await db.repos.usage.get('user', 1, '2026-11-24')).toEqual({ sessions: 1, transcriptionSec: 30.5 });
    expect(await db.repos.usage.get('workspace', 1, '2026-11-24')).toEqual({ sessions: 0, transcriptionSec: 0 });
  });
});
