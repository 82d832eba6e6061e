import { and, eq, ne } from '../db/drizzle.js';
import type { Db } from '../db/client.js';
import type { PlatformIdentity } from '../db/repositories/identityRepository.js';
import { answers, sessionParticipants, sessions, usage, workspaces } from '../db/schema.js';
import type { Services } from '../services.js';
import { actionId } from './actionIds.js';
import type { Card } from './card.js';

export function forgetMeConfirmCard(): Card {
  return {
    title: '⚠️ Delete everything about you?',
    description: 'This removes your answers, transcripts, scores, metrics and history from Interview Coach, everywhere. It cannot be undone.',
    tone: 'warning',
    ephemeral: true,
    buttons: [
      { id: actionId('forget'), label: 'Delete my data', style: 'danger' },
      { id: actionId('keep'), label: 'Keep it', style: 'secondary' },
    ],
  };
}

export interface ForgetMeOptions {
  /** The person's own "workspace" (e.g. their DMs with the bot), which names them and is removed too. */
  privateWorkspace?: PlatformIdentity;
}

/**
 * Deletes every row of this person in one transaction: answers, metrics, evaluations, history, usage; the
 * sessions only they took part in (drills, solo rounds — their channel ids and job descriptions name them);
 * the job description of rounds they hosted for others; and their private workspace.
 */
export function forgetMe(services: Pick<Services, 'repos' | 'handle'>, who: PlatformIdentity, options: ForgetMeOptions = {}): Card {
  const user = services.repos.identity.findUser(who.platform, who.id);
  services.handle.sqlite.transaction(() => {
    if (user) {
      services.repos.usage.deleteForUser(user.id);
      removeHostedSessions(services.handle.db, user.id);
      services.repos.identity.deleteUser(user.id);
    }
    if (options.privateWorkspace) removeUnusedWorkspace(services.handle.db, options.privateWorkspace);
  })();
  return { title: '🗑️ Done — everything about you is deleted.', description: 'You can start fresh any time with `/drill`.', tone: 'success', ephemeral: true };
}

function removeHostedSessions(db: Db, userId: number): void {
  for (const { id } of db.select({ id: sessions.id }).from(sessions).where(eq(sessions.hostUserId, userId)).all()) {
    const someoneElse =
      db.select({ id: sessionParticipants.userId }).from(sessionParticipants).where(and(eq(sessionParticipants.sessionId, id), ne(sessionParticipants.userId, userId))).get() ??
      db.select({ id: answers.id }).from(answers).where(and(eq(answers.sessionId, id), ne(answers.userId, userId))).get();
    // Questions, answers and participants go with the session (ON DELETE CASCADE).
    if (!someoneElse) db.delete(sessions).where(eq(sessions.id, id)).run();
    else db.update(sessions).set({ jobDescription: null }).where(eq(sessions.id, id)).run();
  }
}

function removeUnusedWorkspace(db: Db, identity: PlatformIdentity): void {
  const workspace = db
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.platform, identity.platform), eq(workspaces.platformWorkspaceId, identity.id)))
    .get();
  if (!workspace) return;
  const used =
    db.select({ id: sessions.id }).from(sessions).where(eq(sessions.workspaceId, workspace.id)).get() ??
    db.select({ id: answers.id }).from(answers).where(eq(answers.workspaceId, workspace.id)).get();
  if (used) return;
  db.delete(usage).where(and(eq(usage.scope, 'workspace'), eq(usage.scopeId, workspace.id))).run();
  db.delete(workspaces).where(eq(workspaces.id, workspace.id)).run();
}
