import type { Actor } from '../../session/guards.js';
import type { RefusalWording } from '../../session/refusals.js';
import { slackUser } from './slackIds.js';

/**
 * Slack's events name the user but not their role: nothing in a block action or slash command says "workspace
 * admin" (that takes a `users.info` call per click), so nobody moderates other people's rounds on Slack.
 */
export function slackActor(userId: string): Actor {
  return { identity: slackUser(userId), isModerator: false };
}

/** Slack rounds have no lobby and no moderators: people join by answering, and only the host ends a round. */
export const SLACK_REFUSALS: RefusalWording = {
  not_participant: () => "You're not in this round yet — answer in the thread to join, or start your own with `/mock-interview`.",
  not_host: (action) => `Only the person who started this round can ${action === 'end' || action === undefined ? 'end' : action} it.`,
};
