import type { PlatformIdentity, WorkspaceIdentity } from '../db/repositories/identityRepository.js';
import { platformUserId, platformWorkspaceId } from '../ids.js';

/** The terminal's person: stored as `cli:<name>` (default the login name). */
export function cliUser(name: string, displayName = name): PlatformIdentity {
  return { platform: 'cli', id: platformUserId(name), name: displayName };
}

/** A terminal workspace; every rehearsal on this computer shares `local`. */
export function cliWorkspace(id: string, name: string): WorkspaceIdentity {
  return { platform: 'cli', id: platformWorkspaceId(id), name };
}

export const CLI_WORKSPACE: WorkspaceIdentity = cliWorkspace('local', 'This computer');
