import { UserFacingError } from '../errors.js';
import type { ControlAction, GuardCode, GuardResult } from './guards.js';

/**
 * What a refused person reads. The rules and their codes are the same everywhere; only a sentence that names a
 * platform's own controls ("press **Join**") differs, so each adapter may override single codes.
 */
export type RefusalWording = { [code in GuardCode]?: (action: ControlAction | undefined) => string };

const ACTION_VERB: Record<ControlAction, string> = { start: 'start', cancel: 'cancel', repeat: 'repeat a question in', skip: 'skip a question in', end: 'end' };

export const DEFAULT_REFUSALS: Required<RefusalWording> = {
  not_host: (action) => `Only the host (or a moderator) can ${action ? ACTION_VERB[action] : 'do that to'} this round.`,
  not_participant: () => "You're not in this round. Start your own with `/mock-interview`.",
  session_ended: () => 'This round has already ended. Start a new one with `/mock-interview`.',
  round_not_started: () => 'The round has not started yet — the host can press **Start now**.',
  not_your_turn: () => "It's not your turn in the hot seat — listen in, yours is coming.",
  replay_expired: () => 'That replay has expired — answers are kept only briefly and never stored. Your next spoken answer gets a fresh one.',
  not_your_replay: () => 'Only the person who gave this answer can hear it back.',
};

/** Throws the refusal as a UserFacingError with the rule's code; does nothing when the rule allows. */
export function enforce(result: GuardResult, wording: RefusalWording = {}, action?: ControlAction): void {
  if (result.ok) return;
  const say = wording[result.code] ?? DEFAULT_REFUSALS[result.code];
  throw new UserFacingError(result.code, say(action));
}
