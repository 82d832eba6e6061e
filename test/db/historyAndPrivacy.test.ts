// storage: SQLite and PostgreSQL
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { countRows, messageChain, refuseWrites, snapshotTables } from '../helpers/inspectDatabase.js';
import { showHistory } from '../../src/commands/history.js';
import { forgetMe } from '../../src/commands/forgetMe.js';
import type { Question } from '../../src/pipeline/questions/types.js';
import { person, place, platformUserId, sessionId } from '../helpers/ids.js';
import { inChannel } from '../helpers/locations.js';

let db: TempDatabase;
beforeEach(async () => {
  db = await createTempDatabase();
});
afterEach(async () => db.cleanup());

const question: Question = {
  id: 'backend:a',
  role: 'backend',
  category: 'Databases',
  difficulty: 'mid',
  text: 'How would you index a large table?',
  keywords: [],
  idealAnswer: 'Use an index.',
  star: false,
  origin: 'bank',
};

const ALICE = person('discord', 'u1', 'alice');
const GUILD = place('discord', 'g1', 'Guild');
const ALICE_DMS = place('discord', 'dm:u1');

/** Alice answered one question in a solo round in the guild and has usage counted in her DMs workspace. */
async function seedAlice() {
  const ws = await db.repos.identity.upsertWorkspace(GUILD);
  const dms = await db.repos.identity.upsertWorkspace(ALICE_DMS);
  const alice = await db.repos.identity.upsertUser(ALICE);
  const session = await db.repos.sessions.create(
    { id: sessionId('s1'), kind: 'interview', workspaceId: ws.id, hostUserId: alice.id, location: inChannel('c1'), role: 'backend', difficulty: 'mid', questionCount: 1, mode: 'text', status: 'active' },
    [question],
  );
  await db.repos.sessions.addParticipant(session.id, alice.id);
  const q = (await db.repos.sessions.questions(session.id))[0];
  if (!q) throw new Error('no question');
  const answer = await db.repos.answers.create({ sessionId: session.id, questionId: q.id, userId: alice.id, workspaceId: ws.id, role: 'backend', category: 'Databases', inputKind: 'text', transcript: 'An index', status: 'transcribed' });
  await db.repos.answers.saveEvaluation({ answerId: answer.id, score: 7, relevance: 7, depth: 7, structure: 7, clarity: 7, feedback: '', idealAnswer: '', keywordsCovered: [], keywordsMissed: [], evaluator: 'rubric', model: null });
  await db.repos.usage.add('user', alice.id, { sessions: 1 });
  await db.repos.usage.add('workspace', dms.id, { sessions: 1 });
  return { alice, ws, dms, session };
}

function count(table: string): Promise<number> {
  return countRows(db.database, table);
}

describe('history repository', () => {
  it('lists the person’s answers in this workspace, newest first, with their scores', async () => {
    await seedAlice();
    const rows = await db.repos.history.recentAnswers(ALICE, GUILD, 10);
    expect(rows).toEqual([{ at: expect.any(Date), role: 'backend', question: question.text, score: 7, status: 'scored' }]);
    expect(await db.repos.history.recentAnswers(ALICE, ALICE_DMS, 10)).toEqual([]);
  });

  it('/history writes nothing, not even for a workspace or person it has never seen', async () => {
    await seedAlice();
    const before = await snapshotTables(db.database);
    expect((await showHistory(db, ALICE, GUILD)).title).toBe('🗂 Your last answers');
    expect((await showHistory(db, ALICE, place('discord', 'g-new', 'New guild'))).description).toMatch(/No practice yet/);
    expect((await showHistory(db, person('discord', 'stranger'), GUILD)).description).toMatch(/No practice yet/);
    expect(await snapshotTables(db.database)).toEqual(before);
  });
});

describe('privacy repository (forget me)', () => {
  it('removes the person, their solo sessions, usage and unused private workspace', async () => {
    await seedAlice();
    await forgetMe(db, ALICE, { privateWorkspace: ALICE_DMS });
    expect(await db.repos.identity.findUser('discord', platformUserId('u1'))).toBeUndefined();
    expect(await db.repos.sessions.get(sessionId('s1'))).toBeUndefined();
    expect(await count('answers')).toBe(0);
    expect(await count('evaluations')).toBe(0);
    expect(await count('usage')).toBe(0);
    expect(await count('workspaces')).toBe(1);
  });

  it('a failure part-way rolls back every deletion already made', async () => {
    const { alice } = await seedAlice();
    // The last step (deleting the private workspace) fails inside the database, after the user rows were deleted.
    const allow = await refuseWrites(db.database, 'workspaces', 'delete', 'disk trouble');
    const before = await snapshotTables(db.database);
    const failure = await forgetMe(db, ALICE, { privateWorkspace: ALICE_DMS }).then(() => undefined, (error: unknown) => error);
    expect(messageChain(failure)).toMatch(/disk trouble/);
    expect(await snapshotTables(db.database)).toEqual(before);
    expect((await db.repos.identity.getUser(alice.id))?.displayName).toBe('alice');
    expect((await db.repos.usage.get('user', alice.id)).sessions).toBe(1);
    // Once the fault is gone the same request completes.
    await allow();
    await forgetMe(db, ALICE, { privateWorkspace: ALICE_DMS });
    expect(await count('users')).toBe(0);
  });
});
