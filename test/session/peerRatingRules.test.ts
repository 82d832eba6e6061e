// storage: SQLite and PostgreSQL
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canRate, offersPeerRatings, validRating, type RoundFacts } from '../../src/session/guards.js';
import { SessionEngine } from '../../src/session/SessionEngine.js';
import { BankQuestionSource } from '../../src/pipeline/questions/bankQuestionSource.js';
import { parseRatingId, rateAnswer, rateButtonId, ratingControls, tagsMenuId } from '../../src/commands/peerRatings.js';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { answerId, person, place, sessionId, userId } from '../helpers/ids.js';
import type { Question } from '../../src/pipeline/questions/types.js';
import { inChannel } from '../helpers/locations.js';

const ALICE = userId(1);
const BOB = userId(2);
const CAROL = userId(3);
const round: RoundFacts = { status: 'active', hostUserId: ALICE, participantIds: [ALICE, BOB] };
const code = (r: ReturnType<typeof canRate>) => (r.ok ? 'ok' : r.code);

describe('canRate', () => {
  it('lets another participant rate an answer', () => {
    expect(code(canRate(round, { userId: ALICE }, { userId: BOB }))).toBe('ok');
  });

  it('refuses the answer’s owner with own_answer', () => {
    expect(code(canRate(round, { userId: ALICE }, { userId: ALICE }))).toBe('own_answer');
  });

  it('refuses someone outside the round (or unknown to the bot) with not_participant', () => {
    expect(code(canRate(round, { userId: ALICE }, { userId: CAROL }))).toBe('not_participant');
    expect(code(canRate(round, { userId: ALICE }, { userId: undefined }))).toBe('not_participant');
  });

  it('still allows rating once the round has ended (people rate while the summary is up)', () => {
    const ended: RoundFacts = { ...round, status: 'ended' };
    expect(code(canRate(ended, { userId: ALICE }, { userId: BOB }))).toBe('ok');
  });
});

describe('validRating', () => {
  it('takes 1–5 whole stars and known, distinct tags (an empty tag list clears them)', () => {
    expect(validRating({ stars: 1 }).ok).toBe(true);
    expect(validRating({ stars: 5 }).ok).toBe(true);
    expect(validRating({ tags: ['clear', 'structured'] }).ok).toBe(true);
    expect(validRating({ tags: [] }).ok).toBe(true);
  });

  it('refuses anything else with bad_rating', () => {
    for (const change of [{ stars: 0 }, { stars: 6 }, { stars: 2.5 }, { tags: ['rude'] }, { tags: ['clear', 'clear'] }, {}]) {
      expect(validRating(change)).toEqual({ ok: false, code: 'bad_rating' });
    }
  });
});

describe('offersPeerRatings', () => {
  it('is for interviews with two or more participants, never drills, rehearsals or solo rounds', () => {
    expect(offersPeerRatings({ kind: 'interview' }, 2)).toBe(true);
    expect(offersPeerRatings({ kind: 'interview' }, 1)).toBe(false);
    expect(offersPeerRatings({ kind: 'drill' }, 2)).toBe(false);
    expect(offersPeerRatings({ kind: 'rehearse' }, 3)).toBe(false);
  });
});

describe('rating control ids', () => {
  it('round-trip the answer and what the control sets; other ids are not ratings', () => {
    expect(parseRatingId(rateButtonId(answerId(42), 4))).toEqual({ answerId: 42, stars: 4 });
    expect(parseRatingId(tagsMenuId(answerId(42)))).toEqual({ answerId: 42, tags: true });
    expect(parseRatingId('ic:skip:s1')).toBeUndefined();
    expect(parseRatingId('icr:x:4')).toBeUndefined();
    const controls = ratingControls(answerId(7));
    expect(controls.buttons.map((b) => b.label)).toEqual(['1★', '2★', '3★', '4★', '5★']);
    expect(controls.select.options.map((o) => o.value)).toEqual(['clear', 'specific', 'concise', 'structured']);
  });
});

const question: Question = { id: 'backend:a', role: 'backend', category: 'Databases', difficulty: 'mid', text: 'How would you index a large table?', keywords: [], idealAnswer: 'Use an index.', star: false, origin: 'bank' };

describe('rating a stored answer (engine + repository)', () => {
  let db: TempDatabase;
  let engine: SessionEngine;
  const alice = person('discord', 'u1', 'alice');
  const bob = person('discord', 'u2', 'bob');
  const carol = person('discord', 'u3', 'carol');

  beforeEach(async () => {
    db = await createTempDatabase();
    const bank = new BankQuestionSource();
    engine = new SessionEngine({ repos: db.repos, questions: bank, fallbackQuestions: bank });
  });
  afterEach(async () => db.cleanup());

  async function aliceAnswered() {
    const ws = await db.repos.identity.upsertWorkspace(place('discord', 'g1'));
    const a = await db.repos.identity.upsertUser(alice);
    const b = await db.repos.identity.upsertUser(bob);
    await db.repos.identity.upsertUser(carol);
    const session = await db.repos.sessions.create(
      { id: sessionId('s1'), kind: 'interview', workspaceId: ws.id, hostUserId: a.id, location: inChannel('c1'), role: 'backend', difficulty: 'mid', questionCount: 1, mode: 'text', status: 'active' },
      [question],
    );
    await db.repos.sessions.addParticipant(session.id, a.id);
    await db.repos.sessions.addParticipant(session.id, b.id);
    const q = (await db.repos.sessions.questions(session.id))[0];
    if (!q) throw new Error('no question');
    const answer = await db.repos.answers.create({ sessionId: session.id, questionId: q.id, userId: a.id, workspaceId: ws.id, role: 'backend', category: 'Databases', inputKind: 'text', transcript: 'An index', status: 'transcribed' });
    await db.repos.answers.saveEvaluation({ answerId: answer.id, score: 7, relevance: 7, depth: 7, structure: 7, clarity: 7, feedback: '', idealAnswer: '', keywordsCovered: [], keywordsMissed: [], evaluator: 'rubric', model: null });
    return { answer, a, b };
  }

  it('stores one rating per rater and answer, changed in place by stars and tags', async () => {
    const { answer, a, b } = await aliceAnswered();
    const versionBefore = await db.repos.progressVersions.current(a.id);
    const ack = await rateAnswer({ engine, repos: db.repos }, bob, { answerId: answer.id, stars: 3 });
    expect(ack).toMatchObject({ ephemeral: true, title: expect.stringContaining('3/5') });
    await rateAnswer({ engine, repos: db.repos }, bob, { answerId: answer.id, tags: true }, ['clear', 'concise']);
    await rateAnswer({ engine, repos: db.repos }, bob, { answerId: answer.id, stars: 5 });
    expect(await db.repos.peerRatings.get(answer.id, b.id)).toMatchObject({ stars: 5, tags: ['clear', 'concise'] });
    expect(await db.repos.peerRatings.averages([answer.id])).toEqual(new Map([[answer.id, { average: 5, raters: 1 }]]));
    // The owner's /progress shows ratings, so their data version moved.
    expect(await db.repos.progressVersions.current(a.id)).toBeGreaterThan(versionBefore ?? 0);
    expect(await db.repos.peerRatings.scoredPairs()).toEqual([{ answerId: answer.id, score: 7, peerAverage: 5, raters: 1 }]);
  });

  it('refuses self-rating, outsiders, bad values and answers that are gone, storing nothing', async () => {
    const { answer } = await aliceAnswered();
    const services = { engine, repos: db.repos };
    await expect(rateAnswer(services, alice, { answerId: answer.id, stars: 4 })).rejects.toMatchObject({ code: 'own_answer' });
    await expect(rateAnswer(services, carol, { answerId: answer.id, stars: 4 })).rejects.toMatchObject({ code: 'not_participant' });
    await expect(rateAnswer(services, bob, { answerId: answer.id, stars: 9 })).rejects.toMatchObject({ code: 'bad_rating' });
    await expect(rateAnswer(services, bob, { answerId: answer.id, tags: true }, ['rude'])).rejects.toMatchObject({ code: 'bad_rating' });
    await expect(rateAnswer(services, bob, { answerId: answerId(9999), stars: 4 })).rejects.toMatchObject({ code: 'answer_gone' });
    expect(await db.repos.peerRatings.scoredPairs()).toEqual([]);
  });
});
