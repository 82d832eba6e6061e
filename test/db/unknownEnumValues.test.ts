// storage: SQLite only — writes out-of-range enum values with raw better-sqlite3 statements; the decoding it checks (src/db/storedEnums.ts) is the same code on both databases.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportUnknownValuesTo } from '../../src/db/storedEnums.js';
import { questionFromRow } from '../../src/session/questionFromRow.js';
import { createTempDb, type TempDb } from '../helpers/tempDb.js';
import { person, place, sessionId } from '../helpers/ids.js';
import { cliRun } from '../helpers/locations.js';

let db: TempDb;
let reports: { column: string; value: string }[];
beforeEach(() => {
  db = createTempDb();
  reports = [];
  reportUnknownValuesTo((report) => reports.push(report));
});
afterEach(async () => db.cleanup());

/**
 * A one-question session with an answer, then its role columns rewritten behind the app's back, as another version
 * could. Each test uses its own values: a value is reported once per process, and tests run in any order.
 */
async function seedWithStoredRole(stored: string) {
  const ws = await db.repos.identity.upsertWorkspace(place('cli', 'local'));
  const user = await db.repos.identity.upsertUser(person('cli', 'ana', 'ana'));
  const session = await db.repos.sessions.create(
    { id: sessionId(`s-${stored}`), kind: 'rehearse', workspaceId: ws.id, hostUserId: user.id, location: cliRun('term'), role: 'backend', difficulty: 'mid', questionCount: 1, mode: 'text', status: 'active' },
    [{ id: 'backend:a', role: 'backend', category: 'Databases', difficulty: 'mid', text: 'Q?', keywords: [], idealAnswer: '', star: false, origin: 'bank' }],
  );
  const question = (await db.repos.sessions.questions(session.id))[0];
  if (!question) throw new Error('no question');
  const answer = await db.repos.answers.create({ sessionId: session.id, questionId: question.id, userId: user.id, workspaceId: ws.id, role: 'backend', category: 'Databases', inputKind: 'text', status: 'transcribed' });
  const sqlite = db.handle.sqlite;
  sqlite.prepare('update sessions set role = ?, difficulty = ? where id = ?').run(stored, `${stored}-level`, session.id);
  sqlite.prepare('update questions set role = ? where id = ?').run(stored, question.id);
  sqlite.prepare('update answers set role = ? where id = ?').run(stored, answer.id);
  return { session, question, answer };
}

describe('an enum column holding a value this version does not know', () => {
  it('reads as `unknown` — not as some valid role — from every query, and the stored text stays as it was', async () => {
    const { session, question, answer } = await seedWithStoredRole('quantum-engineer');
    expect(await db.repos.sessions.get(session.id)).toMatchObject({ role: 'unknown', difficulty: 'unknown' });
    expect((await db.repos.sessions.listOpen())[0]?.role).toBe('unknown');
    expect((await db.repos.sessions.findOpenAt(cliRun('term')))?.role).toBe('unknown');
    expect((await db.repos.sessions.getQuestion(question.id))?.role).toBe('unknown');
    expect((await db.repos.sessions.questions(session.id))[0]?.role).toBe('unknown');
    expect((await db.repos.sessions.questionAt(session.id, 0))?.role).toBe('unknown');
    expect((await db.repos.answers.get(answer.id))?.role).toBe('unknown');
    expect((await db.repos.answers.forSession(session.id))[0]?.answer.role).toBe('unknown');
    // The pipeline's question keeps it unknown too: no other role's rules (behavioural STAR) are applied to it.
    const stored = await db.repos.sessions.getQuestion(question.id);
    if (!stored) throw new Error('question gone');
    expect(questionFromRow(stored)).toMatchObject({ role: 'unknown', star: false });
    expect(db.handle.sqlite.prepare('select role, difficulty from sessions where id = ?').get(session.id)).toEqual({ role: 'quantum-engineer', difficulty: 'quantum-engineer-level' });
  });

  it('reads a transcriber kind this version does not know as `unknown`, keeping its model', async () => {
    const { answer } = await seedWithStoredRole('welder');
    db.handle.sqlite.prepare("update answers set transcriber = 'deepgram', transcriber_model = 'nova-3' where id = ?").run(answer.id);
    expect(await db.repos.answers.get(answer.id)).toMatchObject({ transcriber: 'unknown', transcriberModel: 'nova-3' });
    expect(reports).toContainEqual({ column: 'answers.transcriber', value: 'deepgram' });
  });

  it('is reported once per column and value, however often it is read', async () => {
    const { session, question } = await seedWithStoredRole('astronaut');
    for (let i = 0; i < 3; i += 1) {
      await db.repos.sessions.get(session.id);
      await db.repos.sessions.getQuestion(question.id);
    }
    expect(reports).toEqual([
      { column: 'sessions.role', value: 'astronaut' },
      { column: 'sessions.difficulty', value: 'astronaut-level' },
      { column: 'questions.role', value: 'astronaut' },
    ]);
  });

  it('known values read as they are and report nothing', async () => {
    const ws = await db.repos.identity.upsertWorkspace(place('cli', 'local'));
    const session = await db.repos.sessions.create(
      { id: sessionId('fine'), kind: 'rehearse', workspaceId: ws.id, hostUserId: null, location: cliRun('term'), role: 'devops', difficulty: 'senior', questionCount: 0, mode: 'text', status: 'active' },
      [],
    );
    expect(await db.repos.sessions.get(session.id)).toMatchObject({ role: 'devops', difficulty: 'senior' });
    expect(reports).toEqual([]);
  });

  it('a value outside the list does not compile on write', async () => {
    const ws = await db.repos.identity.upsertWorkspace(place('cli', 'local'));
    const row = { id: sessionId('typo'), kind: 'rehearse', workspaceId: ws.id, hostUserId: null, location: cliRun('term'), difficulty: 'mid', questionCount: 0, mode: 'text', status: 'active' } as const;
    // @ts-expect-error — 'backnd' is not a role
    await db.repos.sessions.create({ ...row, role: 'backnd' }, []);
    expect((await db.repos.sessions.get(row.id))?.role).toBe('unknown');
  });
});
