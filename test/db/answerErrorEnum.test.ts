// storage: SQLite and PostgreSQL
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANSWER_ERRORS } from '../../src/db/schema.js';
import { sql } from '../../src/db/drizzle.js';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { person, place, sessionId } from '../helpers/ids.js';
import { cliRun } from '../helpers/locations.js';

let db: TempDatabase;
beforeEach(async () => {
  db = await createTempDatabase();
});
afterEach(async () => db.cleanup());

async function seedAnswer() {
  const ws = await db.repos.identity.upsertWorkspace(place('cli', 'local'));
  const user = await db.repos.identity.upsertUser(person('cli', 'ana', 'ana'));
  const session = await db.repos.sessions.create(
    { id: sessionId('s1'), kind: 'rehearse', workspaceId: ws.id, hostUserId: user.id, location: cliRun('term'), role: 'backend', difficulty: 'mid', questionCount: 1, mode: 'voice', status: 'active' },
    [{ id: 'backend:a', role: 'backend', category: 'Databases', difficulty: 'mid', text: 'Q?', keywords: [], idealAnswer: '', star: false, origin: 'bank' }],
  );
  const q = (await db.repos.sessions.questions(session.id))[0];
  if (!q) throw new Error('no question');
  return await db.repos.answers.create({ sessionId: session.id, questionId: q.id, userId: user.id, workspaceId: ws.id, role: 'backend', category: 'Databases', inputKind: 'voice', status: 'received' });
}

describe('answers.error is an enum', () => {
  it.each(ANSWER_ERRORS)('%s is stored and read back as it is', async (reason) => {
    const answer = await seedAnswer();
    await db.repos.answers.update(answer.id, { status: 'failed', error: reason });
    expect((await db.repos.answers.get(answer.id))?.error).toBe(reason);
  });

  it('free text stored by an older version reads as `unknown` from every query, the stored text untouched', async () => {
    const answer = await seedAnswer();
    // What a version before the enum could leave behind; no migration rewrites it.
    await db.database.run(sql`update answers set error = ${'ECONNRESET while talking to whisper'} where id = ${answer.id}`);
    expect((await db.repos.answers.get(answer.id))?.error).toBe('unknown');
    expect((await db.repos.answers.record(answer.id))?.answer.error).toBe('unknown');
    expect((await db.repos.answers.forSession(sessionId('s1')))[0]?.answer.error).toBe('unknown');
    expect((await db.repos.answers.findForQuestion(answer.questionId, answer.userId))?.error).toBe('unknown');
    expect((await db.repos.answers.unfinished())[0]?.error).toBe('unknown');
    expect(await db.database.rows(sql`select error from answers where id = ${answer.id}`)).toEqual([{ error: 'ECONNRESET while talking to whisper' }]);
  });

  it('a reason outside the enum does not compile', async () => {
    const answer = await seedAnswer();
    // @ts-expect-error — 'disk on fire' is not an AnswerError
    await db.repos.answers.update(answer.id, { error: 'disk on fire' });
    expect((await db.repos.answers.get(answer.id))?.error).toBe('unknown');
  });
});
