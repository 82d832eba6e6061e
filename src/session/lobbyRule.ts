import type { AnswerMode } from './types.js';

/**
 * Whether a round waits in a lobby before Question 1. Voice rounds wait (people need a moment to join the call);
 * a text round starts at once (others join while it runs) unless its host asked for a lobby. One rule for every
 * platform that has a lobby.
 */
export function waitsInLobby(mode: AnswerMode, requested: boolean | undefined): boolean {
  return requested ?? mode === 'voice';
}
