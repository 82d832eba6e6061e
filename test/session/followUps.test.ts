// storage: SQLite and PostgreSQL
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { SessionEngine } from '../../src/session/SessionEngine.js';
import { offlineFollowUpFor } from '../../src/session/followUpFor.js';
import type { Question, QuestionRequest, QuestionSource } from '../../src/pipeline/questions/types.js';
import type { StartSessionOptions } from '../../src/session/types.js';
import { sessionOptions } from '../helpers/sessionOptions.js';
import { AnswerProcessor } from '../../src/session/AnswerProcessor.js';
import { RubricEvaluator } from '../../src/pipeline/evaluate/rubricEvaluator.js';
import type { EvaluationInput, Evaluator } from '../../src/pipeline/evaluate/types.js';
import type { SessionId, UserId } from '../../src/ids.js';
import { person } from '../helpers/ids.js';
import { inChannel } from '../helpers/locations.js';

class NumberedSource implements QuestionSource {
  readonly name = 'numbered';
  async generate(request: QuestionRequest): Promise<Question[]> {
    return Array.from({ length: request.count }, (_, i) => ({
      id: `${request.role}:q${i + 1}`,
      role: request.role,
      category: 'Cat',
      difficulty: 'mid' as const,
      text: `Q${i + 1}?`,
      keywords: [{ term: 'cache', synonyms: [] }, { term: 'index', synonyms: [] }],
      idealAnswer: 'ideal',
      star: false,
      origin: 'bank' as const,
    }));
  }
}

let db: TempDatabase;
let engine: SessionEngine;
beforeEach(async () => {
  db = await createTempDatabase();
  engine = new SessionEngine({ repos: db.repos, questions: new NumberedSource(), fallbackQuestions: new NumberedSource() });
});
afterEach(async () => db.cleanup());

const base: StartSessionOptions = sessionOptions({ role: 'backend' });

/** A scored answer to the current question, missing the "index" concept. */
async function answerCurrent(sessionId: SessionId, userId: UserId): Promise<void> {
  const { session, question } = await engine.current(sessionId);
  const answer = await db.repos.answers.create({
    sessionId, questionId: question.id, userId, workspaceId: session.workspaceId, role: question.role, category: question.category,
    inputKind: 'text', transcript: 'I would add a cache.', transcriber: 'typed', status: 'scored',
  });
  await db.repos.answers.saveEvaluation({
    answerId: answer.id, score: 4, relevance: 5, depth: 3, structure: 4, clarity: 6, feedback: 'f', idealAnswer: 'ideal',
    keywordsCovered: ['cache'], keywordsMissed: ['index'], evaluator: 'rubric', model: null,
  });
}

describe('follow-ups in the session engine', () => {
  it('puts the follow-up right after the answered question and moves the later ones on, once per question', async () => {
    const { session, host } = await engine.start({ ...base, followUps: true });
    await answerCurrent(session.id, host.id);
    const followUp = await engine.addFollowUp(session.id, offlineFollowUpFor);
    expect(followUp?.position).toBe(1);
    expect(followUp?.keywords.map((k) => k.term)).toEqual(['index']);
    expect((await db.repos.sessions.questions(session.id)).map((q) => [q.position, q.text.slice(0, 12)])).toEqual([
      [0, 'Q1?'],
      [1, 'Follow-up to'],
      [2, 'Q2?'],
      [3, 'Q3?'],
    ]);
    const next = await engine.advance(session.id, 'next');
    expect(next.kind === 'question' && next.asked).toMatchObject({ number: 2, total: 4, question: { id: followUp?.id } });
    // The follow-up is answered; it gets no follow-up of its own.
    await answerCurrent(session.id, host.id);
    expect(await engine.addFollowUp(session.id, offlineFollowUpFor)).toBeUndefined();
    const third = await engine.advance(session.id, 'next');
    expect(third.kind === 'question' && third.asked.question.text).toBe('Q2?');
  });

  it('adds nothing when follow-ups are off, or when several people answered the question', async () => {
    const { session, host } = await engine.start(base);
    await answerCurrent(session.id, host.id);
    expect(await engine.addFollowUp(session.id, offlineFollowUpFor)).toBeUndefined();

    const group = await engine.start({ ...base, location: inChannel('c2'), followUps: true, lobby: true });
    const bob = await engine.join(group.session.id, person('discord', 'bob', 'bob'));
    await engine.begin(group.session.id);
    await answerCurrent(group.session.id, group.host.id);
    await answerCurrent(group.session.id, bob.id);
    expect(await engine.addFollowUp(group.session.id, offlineFollowUpFor)).toBeUndefined();
    expect((await engine.get(group.session.id)).questionCount).toBe(3);
  });

  it('in a hot-seat round asks the follow-up of the person who answered, then the rotation goes on', async () => {
    const { session, host } = await engine.start({ ...base, roundMode: 'hot-seat', followUps: true, lobby: true });
    const bob = await engine.join(session.id, person('discord', 'bob', 'bob'));
    await engine.begin(session.id);
    expect((await engine.current(session.id)).question.seatUserId).toBe(host.id);
    await answerCurrent(session.id, host.id);
    await engine.addFollowUp(session.id, offlineFollowUpFor);
    await engine.advance(session.id, 'next');
    expect((await engine.current(session.id)).question.followUpOf).not.toBeNull();
    expect((await engine.current(session.id)).question.seatUserId).toBe(host.id);
    await answerCurrent(session.id, host.id);
    await engine.advance(session.id, 'next');
    expect((await engine.current(session.id)).question.text).toBe('Q2?');
    expect((await engine.current(session.id)).question.seatUserId).toBe(bob.id);
  });

  it('scores the follow-up with the same person\'s first answer as its context', async () => {
    const seen: EvaluationInput[] = [];
    const rubric = new RubricEvaluator();
    const recording: Evaluator = {
      name: 'rubric',
      evaluate: (input) => {
        seen.push(input);
        return rubric.evaluate(input);
      },
    };
    const processor = new AnswerProcessor({ repos: db.repos, evaluator: recording, transcriber: null, maxAnswerChars: 4000 });
    const { session, host } = await engine.start({ ...base, count: 1, followUps: true });
    const first = (await engine.current(session.id)).question;
    await processor.submit({ sessionId: session.id, questionId: first.id, userId: host.id, input: { kind: 'text', text: 'I would add a cache.' } });
    await engine.addFollowUp(session.id, offlineFollowUpFor);
    await engine.advance(session.id, 'next');
    const followUp = (await engine.current(session.id)).question;
    await processor.submit({ sessionId: session.id, questionId: followUp.id, userId: host.id, input: { kind: 'text', text: 'An index on the user id.' } });
    expect(seen[0]?.earlier).toBeUndefined();
    expect(seen[1]?.earlier).toEqual({ question: 'Q1?', answer: 'I would add a cache.' });
  });
});
