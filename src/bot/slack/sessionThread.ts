import type { PlatformIdentity } from '../../db/repositories/identityRepository.js';
import type { SessionRow } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { parseThreadKey, threadKey, type SlackThread } from './slackIds.js';

/** The open round whose thread this is, if any. */
export function sessionInThread(services: Pick<Services, 'repos'>, thread: SlackThread): SessionRow | undefined {
  return services.repos.sessions.findOpenByThread(threadKey(thread));
}

/** Where a session's messages go: its thread. */
export function threadOfSession(session: SessionRow): SlackThread | undefined {
  return parseThreadKey(session.threadId);
}

/**
 * Slack rounds have no lobby: whoever answers in an interview thread takes part from then on. A drill belongs to
 * the person who asked for it, so others get the engine's "not in this round" answer.
 */
export function joinByAnswering(services: Pick<Services, 'engine'>, session: SessionRow, who: PlatformIdentity): void {
  if (session.kind !== 'interview' || session.status !== 'active') return;
  services.engine.join(session.id, who);
}
