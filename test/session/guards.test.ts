// storage: SQLite and PostgreSQL
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canAnswer, canControl, canHearReplay, participant, roundOpen, roundRunning, type ActorFacts, type ControlAction, type RoundFacts } from '../../src/session/guards.js';
import { DEFAULT_REFUSALS, enforce } from '../../src/session/refusals.js';
import { channelId } from '../../src/location.js';
import { SessionEngine } from '../../src/session/SessionEngine.js';
import { BankQuestionSource } from '../../src/pipeline/questions/bankQuestionSource.js';
import type { StartSessionOptions } from '../../src/session/types.js';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { person, place, platformUserId, type UserId, userId } from '../helpers/ids.js';

const HOST = userId(1);
const GUEST = userId(2);
const OUTSIDER = userId(3);
const running: RoundFacts = { status: 'active', hostUserId: HOST, participantIds: [HOST, GUEST] };
const as = (userId: UserId | undefined, isModerator = false): ActorFacts => ({ userId, isModerator });
const code = (result: ReturnType<typeof canControl>) => (result.ok ? 'ok' : result.code);

describe('round state', () => {
  it('an ended or abandoned round is closed; a lobby is open but not running', async () => {
    expect(roundOpen({ status: 'ended' })).toEqual({ ok: false, code: 'session_ended' });
    expect(roundOpen({ status: 'abandoned' })).toEqual({ ok: false, code: 'session_ended' });
    expect(roundOpen({ status: 'lobby' })).toEqual({ ok: true });
    expect(roundRunning({ status: 'lobby' })).toEqual({ ok: false, code: 'round_not_started' });
    expect(roundRunning({ status: 'active' })).toEqual({ ok: true });
  });
});

describe('participant', () => {
  it('is someone in the round; someone unknown to the bot is not', async () => {
    expect(participant(running, as(GUEST))).toEqual({ ok: true });
    expect(participant(running, as(OUTSIDER))).toEqual({ ok: false, code: 'not_participant' });
    expect(participant(running, as(undefined))).toEqual({ ok: false, code: 'not_participant' });
  });
});

describe('canControl', () => {
  const table: [ControlAction, UserId | undefined, boolean, string][] = [
    ['end', HOST, false, 'ok'],
    ['end', GUEST, false, 'not_host'],
    ['end', OUTSIDER, false, 'not_participant'],
    ['end', undefined, false, 'not_participant'],
    ['end', OUTSIDER, true, 'ok'],
    ['skip', GUEST, false, 'ok'],
    ['skip', OUTSIDER, false, 'not_participant'],
    ['skip', OUTSIDER, true, 'ok'],
    ['repeat', GUEST, false, 'ok'],
    ['repeat', OUTSIDER, false, 'not_participant'],
    ['start', HOST, false, 'ok'],
    ['start', GUEST, false, 'not_host'],
    ['start', OUTSIDER, true, 'ok'],
    ['cancel', GUEST, false, 'not_host'],
    ['cancel', HOST, false, 'ok'],
  ];
  it.each(table)('%s by user %s (moderator: %s) → %s', (action, userId, moderator, expected) => {
    expect(code(canControl(running, as(userId, moderator), action))).toBe(expected);
  });

  it('an ended round refuses every action with session_ended, even to its host and a moderator', async () => {
    const ended: RoundFacts = { ...running, status: 'ended' };
    for (const action of ['start', 'cancel', 'repeat', 'skip', 'end'] as const) {
      expect(code(canControl(ended, as(HOST), action))).toBe('session_ended');
      expect(code(canControl(ended, as(OUTSIDER, true), action))).toBe('session_ended');
    }
  });

  it('a lobby can be started, cancelled or ended by its host, but has no question to skip or repeat', async () => {
    const lobby: RoundFacts = { ...running, status: 'lobby' };
    expect(code(canControl(lobby, as(HOST), 'start'))).toBe('ok');
    expect(code(canControl(lobby, as(HOST), 'end'))).toBe('ok');
    expect(code(canControl(lobby, as(HOST), 'skip'))).toBe('round_not_started');
    expect(code(canControl(lobby, as(HOST), 'repeat'))).toBe('round_not_started');
  });

  it('a round without a host (its host forgot themselves) is only a moderator\'s to end', async () => {
    const orphan: RoundFacts = { ...running, hostUserId: null };
    expect(code(canControl(orphan, as(GUEST), 'end'))).toBe('not_host');
    expect(code(canControl(orphan, as(GUEST, true), 'end'))).toBe('ok');
  });
});

describe('canAnswer', () => {
  it('a participant answers a running round; the hot seat is its holder\'s alone', async () => {
    expect(canAnswer(running, { seatUserId: null }, as(GUEST))).toEqual({ ok: true });
    expect(canAnswer(running, { seatUserId: GUEST }, as(GUEST))).toEqual({ ok: true });
    expect(canAnswer(running, { seatUserId: GUEST }, as(HOST))).toEqual({ ok: false, code: 'not_your_turn' });
  });

  it('refuses outsiders first, then a round that is not running', async () => {
    expect(canAnswer({ ...running, status: 'lobby' }, { seatUserId: null }, as(OUTSIDER))).toEqual({ ok: false, code: 'not_participant' });
    expect(canAnswer({ ...running, status: 'lobby' }, { seatUserId: null }, as(GUEST))).toEqual({ ok: false, code: 'round_not_started' });
    expect(canAnswer({ ...running, status: 'ended' }, { seatUserId: null }, as(GUEST))).toEqual({ ok: false, code: 'session_ended' });
  });
});

describe('refusals', () => {
  it('carry the rule\'s code, with the core wording unless the platform words it itself', async () => {
    expect(() => enforce({ ok: false, code: 'not_host' }, {}, 'end')).toThrowError(expect.objectContaining({ code: 'not_host', message: DEFAULT_REFUSALS.not_host('end') }));
    expect(() => enforce({ ok: false, code: 'not_host' }, { not_host: () => 'Ask the host.' }, 'end')).toThrowError(expect.objectContaining({ code: 'not_host', message: 'Ask the host.' }));
    expect(() => enforce({ ok: true })).not.toThrow();
  });
});

describe('the engine applies the rules to stored rounds', () => {
  let db: TempDatabase;
  let engine: SessionEngine;
  beforeEach(async () => {
    db = await createTempDatabase();
    const bank = new BankQuestionSource();
    engine = new SessionEngine({ repos: db.repos, questions: bank, fallbackQuestions: bank });
  });
  afterEach(async () => db.cleanup());

  const alice = person('slack', 'UALICE', 'alice');
  const bob = person('slack', 'UBOB', 'bob');
  const carol = person('slack', 'UCAROL', 'carol');
  const options: StartSessionOptions = {
    platform: 'slack',
    kind: 'interview',
    workspace: place('slack', 'T1'),
    host: alice,
    location: { surface: 'slack', channel: channelId('C1') },
    role: 'backend',
    difficulty: 'mid',
    count: 2,
    mode: 'text',
  };

  it('host, participant, outsider and moderator get what canControl says, read from the database', async () => {
    const { session } = await engine.start(options);
    await engine.join(session.id, bob);
    const actor = (identity: typeof alice | typeof bob | typeof carol, isModerator = false) => ({ identity, isModerator });
    expect((await engine.requireControl(session.id, actor(alice), 'end')).id).toBe(session.id);
    await expect(engine.requireControl(session.id, actor(bob), 'end')).rejects.toThrowError(expect.objectContaining({ code: 'not_host' }));
    await expect(engine.requireControl(session.id, actor(carol), 'skip')).rejects.toThrowError(expect.objectContaining({ code: 'not_participant' }));
    expect((await engine.requireControl(session.id, actor(carol, true), 'end')).id).toBe(session.id);
    await engine.end(session.id);
    await expect(engine.requireControl(session.id, actor(alice), 'skip')).rejects.toThrowError(expect.objectContaining({ code: 'session_ended' }));
  });

  it('requireAnswerer: a hot-seat question refuses the other participant; a lobby refuses everyone', async () => {
    const { session } = await engine.start({ ...options, roundMode: 'hot-seat', lobby: true });
    await engine.join(session.id, bob);
    await expect(engine.requireAnswerer(session.id, alice)).rejects.toThrowError(expect.objectContaining({ code: 'round_not_started' }));
    await engine.begin(session.id);
    const seat = (await engine.current(session.id)).question.seatUserId;
    const [holder, other] = seat === (await db.repos.identity.findUser('slack', platformUserId('UALICE')))?.id ? [alice, bob] : [bob, alice];
    expect((await engine.requireAnswerer(session.id, holder)).user.platformUserId).toBe(holder.id);
    await expect(engine.requireAnswerer(session.id, other)).rejects.toThrowError(expect.objectContaining({ code: 'not_your_turn' }));
    await expect(engine.requireAnswerer(session.id, carol)).rejects.toThrowError(expect.objectContaining({ code: 'not_participant' }));
  });
});

describe('canHearReplay', () => {
  it('lets only the owner hear a kept replay; a gone one is expired for everyone', () => {
    expect(canHearReplay({ ownerUserId: userId(3) }, { userId: userId(3) })).toEqual({ ok: true });
    expect(canHearReplay({ ownerUserId: userId(3) }, { userId: userId(4) })).toEqual({ ok: false, code: 'not_your_replay' });
    expect(canHearReplay({ ownerUserId: userId(3) }, { userId: undefined })).toEqual({ ok: false, code: 'not_your_replay' });
    expect(canHearReplay(undefined, { userId: userId(3) })).toEqual({ ok: false, code: 'replay_expired' });
  });
});
