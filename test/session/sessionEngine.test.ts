// storage: SQLite and PostgreSQL
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { SessionEngine } from '../../src/session/SessionEngine.js';
import { waitsInLobby } from '../../src/session/lobbyRule.js';
import type { Question, QuestionRequest, QuestionSource } from '../../src/pipeline/questions/types.js';
import type { StartSessionOptions } from '../../src/session/types.js';
import { sessionOptions } from '../helpers/sessionOptions.js';
import { person, sessionId, type UserId } from '../helpers/ids.js';
import { inChannel } from '../helpers/locations.js';

/** A deterministic source: numbered questions, honouring the exclusion set. */
class NumberedSource implements QuestionSource {
  readonly name = 'numbered';
  requests: QuestionRequest[] = [];
  constructor(private readonly fail = false) {}
  async generate(request: QuestionRequest): Promise<Question[]> {
    this.requests.push(request);
    if (this.fail) throw new Error('provider down');
    const out: Question[] = [];
    for (let i = 1; out.length < request.count && i < 100; i++) {
      const id = `${request.role}:q${i}`;
      if (request.exclude.has(id)) continue;
      out.push({ id, role: request.role, category: 'Cat', difficulty: 'mid', text: `Q${i}?`, keywords: [], idealAnswer: 'ideal', star: false, origin: 'bank' });
    }
    return out;
  }
}

let db: TempDatabase;
let source: NumberedSource;
let engine: SessionEngine;
beforeEach(async () => {
  db = await createTempDatabase();
  source = new NumberedSource();
  engine = new SessionEngine({ repos: db.repos, questions: source, fallbackQuestions: new NumberedSource() });
});
afterEach(async () => db.cleanup());

const base: StartSessionOptions = sessionOptions();

describe('session engine', () => {
  it('starts active, asks question 1, then next/skip to the end', async () => {
    const { session } = await engine.start(base);
    expect(session.status).toBe('active');
    expect(await engine.current(session.id)).toMatchObject({ number: 1, total: 3 });
    const second = await engine.advance(session.id, 'next');
    expect(second.kind === 'question' && second.asked.number).toBe(2);
    const third = await engine.advance(session.id, 'skip');
    expect(third.kind === 'question' && third.asked.number).toBe(3);
    const statuses = (await db.repos.sessions.questions(session.id)).map((q) => q.status);
    expect(statuses).toEqual(['done', 'skipped', 'asked']);
    const end = await engine.advance(session.id);
    expect(end.kind).toBe('ended');
    expect((await engine.get(session.id)).status).toBe('ended');
    await expect(engine.advance(session.id)).rejects.toThrowError(/already ended/);
  });

  it('two starts racing in one channel open one round: the other is refused', async () => {
    const [first, second] = await Promise.allSettled([
      engine.start(base),
      engine.start({ ...base, host: person('discord', 'bob', 'bob') }),
    ]);
    const outcomes = [first, second].map((r) => (r.status === 'fulfilled' ? 'started' : (r.reason as { code?: string }).code));
    expect(outcomes.sort()).toEqual(['session_running', 'started']);
    expect(await db.repos.sessions.listOpen()).toHaveLength(1);
  });

  it('refuses a second round in the same channel, naming the host', async () => {
    await engine.start(base);
    await expect(engine.start({ ...base, host: person('discord', 'bob', 'bob') })).rejects.toMatchObject({
      code: 'session_running',
      message: expect.stringContaining('started by alice'),
    });
    await expect(engine.start({ ...base, location: inChannel('c2') })).resolves.toBeDefined();
  });

  it('does not repeat questions a user already had', async () => {
    const first = await engine.start(base);
    await engine.end(first.session.id);
    await engine.start(base);
    const excluded = source.requests[1]?.exclude;
    expect([...(excluded ?? [])]).toEqual(['frontend:q1']);
    const questions = await db.repos.sessions.questions((await engine.findOpen(inChannel('c1')))?.id ?? sessionId('none'));
    expect(questions[0]?.questionKey).toBe('frontend:q2');
  });

  it('falls back to the offline source when the configured one fails', async () => {
    engine = new SessionEngine({ repos: db.repos, questions: new NumberedSource(true), fallbackQuestions: source });
    const { session } = await engine.start(base);
    expect(session.questionCount).toBe(3);
  });

  it('rejects a question count out of range', async () => {
    await expect(engine.start({ ...base, count: 11 })).rejects.toMatchObject({ code: 'bad_question_count' });
    await expect(engine.start({ ...base, count: 0 })).rejects.toMatchObject({ code: 'bad_question_count' });
  });

  it('holds a lobby until begin, with participants joining and leaving', async () => {
    const { session } = await engine.start({ ...base, lobby: true });
    expect(session.status).toBe('lobby');
    await engine.join(session.id, person('discord', 'bob', 'bob'));
    await engine.join(session.id, person('discord', 'cy', 'cy'));
    await engine.leave(session.id, person('discord', 'cy'));
    expect((await engine.participants(session.id)).map((u) => u.displayName)).toEqual(['alice', 'bob']);
    await expect(engine.requireParticipant(session.id, person('discord', 'cy'))).rejects.toThrowError(/not in this round/);
    const asked = await engine.begin(session.id);
    expect(asked.session.status).toBe('active');
    expect(asked.number).toBe(1);
  });

  it('rotates the hot seat and waits only for the seat to answer', async () => {
    const { session } = await engine.start({ ...base, roundMode: 'hot-seat', lobby: true });
    const bob = await engine.join(session.id, person('discord', 'bob', 'bob'));
    await engine.begin(session.id);
    const alice = (await engine.participants(session.id))[0];
    expect((await engine.expectedAnswerers(session.id)).map((u) => u.id)).toEqual([alice?.id]);
    await engine.advance(session.id);
    expect((await engine.expectedAnswerers(session.id)).map((u) => u.id)).toEqual([bob.id]);
  });

  it('knows when everyone has answered', async () => {
    const { session, host } = await engine.start({ ...base, lobby: true });
    const bob = await engine.join(session.id, person('discord', 'bob', 'bob'));
    await engine.begin(session.id);
    const { question } = await engine.current(session.id);
    const answer = async (userId: UserId) =>
      await db.repos.answers.create({ sessionId: session.id, questionId: question.id, userId, workspaceId: session.workspaceId, role: 'frontend', category: 'Cat', inputKind: 'text', transcript: 'x', status: 'transcribed' });
    await answer(host.id);
    expect(await engine.allAnswered(session.id)).toBe(false);
    await answer(bob.id);
    expect(await engine.allAnswered(session.id)).toBe(true);
  });

  it('someone who joins while a question runs may answer it, and is expected from the next question on', async () => {
    const { session, host } = await engine.start({ ...base, count: 2 });
    const bob = await engine.join(session.id, person('discord', 'bob', 'bob'));
    expect((await engine.participants(session.id)).map((u) => u.id)).toEqual([host.id, bob.id]);
    expect((await engine.expectedAnswerers(session.id)).map((u) => u.id)).toEqual([host.id]);
    await expect(engine.requireParticipant(session.id, person('discord', 'bob'))).resolves.toBeDefined();
    await engine.advance(session.id);
    expect((await engine.expectedAnswerers(session.id)).map((u) => u.id)).toEqual([host.id, bob.id]);
  });

  it('switches an open round to text (a failed voice join)', async () => {
    const { session } = await engine.start({ ...base, mode: 'voice', lobby: true });
    expect((await engine.switchToText(session.id)).mode).toBe('text');
    await engine.end(session.id, 'abandoned');
    await expect(engine.switchToText(session.id)).rejects.toThrowError(/already ended/);
  });

  it('survives a restart: a new engine on the same file continues the open session', async () => {
    const { session } = await engine.start(base);
    await engine.advance(session.id);
    await db.database.close();
    const { createRepositories } = await import('../../src/db/index.js');
    const reopened = await db.reopen();
    const again = new SessionEngine({ repos: createRepositories(reopened), questions: source, fallbackQuestions: source });
    expect((await again.openSessions()).map((s) => s.id)).toEqual([session.id]);
    expect((await again.current(session.id)).number).toBe(2);
    await reopened.close();
  });
});

describe('who waits in a lobby', () => {
  it('voice rounds wait, text rounds start at once, an explicit choice wins', async () => {
    expect(waitsInLobby('voice', undefined)).toBe(true);
    expect(waitsInLobby('text', undefined)).toBe(false);
    expect(waitsInLobby('text', true)).toBe(true);
    expect(waitsInLobby('voice', false)).toBe(false);
  });
});
