import type { PlatformIdentity } from '../db/repositories/identityRepository.js';
import type { SessionRow } from '../db/schema.js';
import type { UserErrorCode } from '../errors.js';
import type { UserId } from '../ids.js';

/**
 * Who is asking, as every platform must describe them: the person, and whether the platform lets them run other
 * people's rounds (Discord: Manage Messages; Slack: nothing in its events says so, so never).
 */
export interface Actor {
  identity: PlatformIdentity;
  isModerator: boolean;
}

/** What a button or command does to a round. */
export type ControlAction = 'start' | 'cancel' | 'repeat' | 'skip' | 'end';

/** The codes a rule refuses with; adapters and tests rely on them, so they never change meaning. */
export type GuardCode = Extract<
  UserErrorCode,
  'not_host' | 'not_participant' | 'session_ended' | 'round_not_started' | 'not_your_turn' | 'replay_expired' | 'not_your_replay'
>;

export type GuardResult = { ok: true } | { ok: false; code: GuardCode };

/** The facts the rules decide on, read once by the caller so the rules stay pure. */
export interface RoundFacts {
  status: SessionRow['status'];
  hostUserId: number | null;
  participantIds: readonly number[];
}

/** The actor as the round knows them: their internal user id, if they have one. */
export interface ActorFacts {
  userId: UserId | undefined;
  isModerator: boolean;
}

const OK: GuardResult = { ok: true };
const refuse = (code: GuardCode): GuardResult => ({ ok: false, code });

/** Ended and abandoned rounds accept nothing. */
export function roundOpen(round: Pick<RoundFacts, 'status'>): GuardResult {
  return round.status === 'ended' || round.status === 'abandoned' ? refuse('session_ended') : OK;
}

/** Questions are being asked: open and out of the lobby. */
export function roundRunning(round: Pick<RoundFacts, 'status'>): GuardResult {
  const open = roundOpen(round);
  if (!open.ok) return open;
  return round.status === 'lobby' ? refuse('round_not_started') : OK;
}

export function isHost(round: Pick<RoundFacts, 'hostUserId'>, actor: Pick<ActorFacts, 'userId'>): boolean {
  return actor.userId !== undefined && round.hostUserId !== null && actor.userId === round.hostUserId;
}

export function participant(round: Pick<RoundFacts, 'participantIds'>, actor: Pick<ActorFacts, 'userId'>): GuardResult {
  return actor.userId !== undefined && round.participantIds.includes(actor.userId) ? OK : refuse('not_participant');
}

/**
 * One rule set on every platform. A moderator may do anything to an open round. Otherwise: starting and
 * cancelling a lobby is the host's call; repeating and skipping a question is for anyone in the round while it
 * runs; ending it is for its host, who is told "not in this round" like anyone else once they are not in it.
 * The round's state is checked first: "it has ended" is the useful answer whoever asks.
 */
export function canControl(round: RoundFacts, actor: ActorFacts, action: ControlAction): GuardResult {
  const state = action === 'repeat' || action === 'skip' ? roundRunning(round) : roundOpen(round);
  if (!state.ok || actor.isModerator) return state;
  if (action === 'start' || action === 'cancel') return isHost(round, actor) ? OK : refuse('not_host');
  const inRound = participant(round, actor);
  if (!inRound.ok || action !== 'end') return inRound;
  return isHost(round, actor) ? OK : refuse('not_host');
}

/**
 * May this person answer the current question: they are in the round, it is running, and in a hot-seat round
 * the question's seat is theirs (`seatUserId` null means everyone's).
 */
export function canAnswer(round: RoundFacts, question: { seatUserId: number | null }, actor: Pick<ActorFacts, 'userId'>): GuardResult {
  const inRound = participant(round, actor);
  if (!inRound.ok) return inRound;
  const running = roundRunning(round);
  if (!running.ok) return running;
  return question.seatUserId !== null && question.seatUserId !== actor.userId ? refuse('not_your_turn') : OK;
}

/**
 * May this person hear an answer's replay ("Hear it without the ums"): it is still kept (REPLAY_MINUTES, memory cap)
 * and the answer is theirs. Nobody else may, moderators included: it is someone's own voice.
 */
export function canHearReplay(replay: { ownerUserId: number } | undefined, actor: Pick<ActorFacts, 'userId'>): GuardResult {
  if (!replay) return refuse('replay_expired');
  return actor.userId !== undefined && actor.userId === replay.ownerUserId ? OK : refuse('not_your_replay');
}
