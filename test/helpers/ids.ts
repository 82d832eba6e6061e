import type { PlatformIdentity, WorkspaceIdentity } from '../../src/db/repositories/identityRepository.js';
import type { Platform } from '../../src/enums.js';
import { platformUserId, platformWorkspaceId } from '../../src/ids.js';

/** Ids in tests come from the same constructors the adapters use; these build the identities around them. */
export { answerId, platformUserId, platformWorkspaceId, questionId, sessionId, userId, workspaceId } from '../../src/ids.js';
export type { AnswerId, PlatformUserId, QuestionId, SessionId, UserId, WorkspaceId } from '../../src/ids.js';

/** A person as a platform names them. */
export function person(platform: Platform, id: string, name?: string): PlatformIdentity {
  return name === undefined ? { platform, id: platformUserId(id) } : { platform, id: platformUserId(id), name };
}

/** A workspace (guild, team, this computer) as its platform names it. */
export function place(platform: Platform, id: string, name?: string): WorkspaceIdentity {
  return name === undefined ? { platform, id: platformWorkspaceId(id) } : { platform, id: platformWorkspaceId(id), name };
}
