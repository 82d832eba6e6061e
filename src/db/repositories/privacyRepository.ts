import { and, eq, ne } from '../drizzle.js';
import type { Db } from '../client.js';
import { answers, drillCooldowns, sessionParticipants, sessions, usage, users, workspaces } from '../schema.js';
import type { PlatformIdentity } from './identityRepository.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** "Forget me": everything stored about one person goes, or nothing does. */
export function createPrivacyRepository(db: Db) {
  return {
    /**
     * Deletes every row of this person in one transaction: answers, metrics, evaluations, history, usage; the
     * sessions only they took part in (drills, solo rounds — their channel ids and job descriptions name them);
     * the job description of rounds they hosted for others; and their private workspace when nothing else uses it.
     * A failure part-way rolls everything back, so a retry starts from the same state.
     */
    forget(person: PlatformIdentity, privateWorkspace?: PlatformIdentity): void {
      db.transaction((tx) => {
        tx.delete(drillCooldowns).where(and(eq(drillCooldowns.platform, person.platform), eq(drillCooldowns.platformUserId, person.id))).run();
        const user = tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.platform, person.platform), eq(users.platformUserId, person.id)))
          .get();
        if (user) {
          tx.delete(usage).where(and(eq(usage.scope, 'user'), eq(usage.scopeId, user.id))).run();
          removeHostedSessions(tx, user.id);
          // Answers, metrics, evaluations, participation and question history go with the user (ON DELETE CASCADE).
          tx.delete(users).where(eq(users.id, user.id)).run();
        }
        if (privateWorkspace) removeUnusedWorkspace(tx, privateWorkspace);
      });
    },
  };
}

function removeHostedSessions(tx: Tx, userId: number): void {
  for (const { id } of tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.hostUserId, userId)).all()) {
    const someoneElse =
      tx.select({ id: sessionParticipants.userId }).from(sessionParticipants).where(and(eq(sessionParticipants.sessionId, id), ne(sessionParticipants.userId, userId))).get() ??
      tx.select({ id: answers.id }).from(answers).where(and(eq(answers.sessionId, id), ne(answers.userId, userId))).get();
    // Questions, answers and participants go with the session (ON DELETE CASCADE).
    if (!someoneElse) tx.delete(sessions).where(eq(sessions.id, id)).run();
    else tx.update(sessions).set({ jobDescription: null }).where(eq(sessions.id, id)).run();
  }
}

function removeUnusedWorkspace(tx: Tx, identity: PlatformIdentity): void {
  const workspace = tx
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.platform, identity.platform), eq(workspaces.platformWorkspaceId, identity.id)))
    .get();
  if (!workspace) return;
  const used =
    tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.workspaceId, workspace.id)).get() ??
    tx.select({ id: answers.id }).from(answers).where(eq(answers.workspaceId, workspace.id)).get();
  if (used) return;
  tx.delete(usage).where(and(eq(usage.scope, 'workspace'), eq(usage.scopeId, workspace.id))).run();
  tx.delete(workspaces).where(eq(workspaces.id, workspace.id)).run();
}

export type PrivacyRepository = ReturnType<typeof createPrivacyRepository>;
