import type { PlatformIdentity } from '../../db/repositories/identityRepository.js';
import type { SessionRow } from '../../db/schema.js';
import { UserFacingError } from '../../errors.js';
import type { Services } from '../../services.js';
import { mentionOf, threadLocation, threadOfLocation, type SlackThread } from './slackIds.js';

/** The open round whose thread this is, if any. */
export async function sessionInThread(services: Pick<Services, 'repos'>, thread: SlackThread): Promise<SessionRow | undefined> {
  return services.repos.sessions.findOpenAt(threadLocation(thread));
}

/** Where a session's messages go: its thread. */
export function threadOfSession(session: SessionRow): SlackThread | undefined {
  return threadOfLocation(session.location);
}

/**
 * Slack rounds have no lobby: whoever answers in an interview thread takes part from then on. A drill belongs to
 * the person who asked for it; anyone else is told so (ephemerally, by the caller's error handling).
 */
export async function admitAnswerer(services: Pick<Services, 'engine' | 'repos'>, session: SessionRow, who: PlatformIdentity): Promise<void> {
  if (session.kind === 'interview') {
    if (session.status === 'active') await services.engine.join(session.id, who);
    return;
  }
  const user = await services.repos.identity.findUser(who.platform, who.id);
  if (!user || user.id !== session.hostUserId) {
    const host = session.hostUserId === null ? undefined : await services.repos.identity.getUser(session.hostUserId);
    throw new UserFacingError(
      'not_participant',
      `This drill is ${host ? `${mentionOf(host.platformUserId)}'s` : "someone else's"} — start your own with \`/drill ${session.role}\`.`,
    );
  }
}
