import { and, eq, ne } from '../drizzle.js';
import { first, type Database, type Db, type Tables } from '../client.js';
import type { PlatformIdentity } from './identityRepository.js';

/** "Forget me": everything stored about one person goes, or nothing does. */
export function createPrivacyRepository(database: Database) {
  const { tables } = database;
  const { drillCooldowns, usage, users } = tables;
  return {
    /**
     * Deletes every row of this person in one transaction: answers, metrics, evaluations, history, usage; the
     * sessions only they took part in (drills, solo rounds — their channel ids and job descriptions name them);
     * the job description of rounds they hosted for others; and their private workspace when nothing else uses it.
     * A failure part-way rolls everything back, so a retry starts from the same state.
     */
    async forget(person: PlatformIdentity, privateWorkspace?: PlatformIdentity): Promise<void> {
      await database.transaction(async (tx) => {
        await tx.delete(drillCooldowns).where(and(eq(drillCooldowns.platform, person.platform), eq(drillCooldowns.platformUserId, person.id)));
        const user = await first(
          tx
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.platform, person.platform), eq(users.platformUserId, person.id)))
            .limit(1),
        );
        if (user) {
          await tx.delete(usage).where(and(eq(usage.scope, 'user'), eq(usage.scopeId, user.id)));
          await removeHostedSessions(tx, tables, user.id);
          // Answers, metrics, evaluations, participation and question history go with the user (ON DELETE CASCADE).
          await tx.delete(users).where(eq(users.id, user.id));
        }
        if (privateWorkspace) await removeUnusedWorkspace(tx, tables, privateWorkspace);
      });
    },
  };
}

async function removeHostedSessions(tx: Db, { answers, sessionParticipants, sessions }: Tables, userId: number): Promise<void> {
  for (const { id } of await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.hostUserId, userId))) {
    const someoneElse =
      (await first(
        tx
          .select({ id: sessionParticipants.userId })
          .from(sessionParticipants)
          .where(and(eq(sessionParticipants.sessionId, id), ne(sessionParticipants.userId, userId)))
          .limit(1),
      )) ?? (await first(tx.select({ id: answers.id }).from(answers).where(and(eq(answers.sessionId, id), ne(answers.userId, userId))).limit(1)));
    // Questions, answers and participants go with the session (ON DELETE CASCADE).
    if (!someoneElse) await tx.delete(sessions).where(eq(sessions.id, id));
    else await tx.update(sessions).set({ jobDescription: null }).where(eq(sessions.id, id));
  }
}

async function removeUnusedWorkspace(tx: Db, { answers, sessions, usage, workspaces }: Tables, identity: PlatformIdentity): Promise<void> {
  const workspace = await first(
    tx
      .select()
      .from(workspaces)
      .where(and(eq(workspaces.platform, identity.platform), eq(workspaces.platformWorkspaceId, identity.id)))
      .limit(1),
  );
  if (!workspace) return;
  const used =
    (await first(tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.workspaceId, workspace.id)).limit(1))) ??
    (await first(tx.select({ id: answers.id }).from(answers).where(eq(answers.workspaceId, workspace.id)).limit(1)));
  if (used) return;
  await tx.delete(usage).where(and(eq(usage.scope, 'workspace'), eq(usage.scopeId, workspace.id)));
  await tx.delete(workspaces).where(eq(workspaces.id, workspace.id));
}

export type PrivacyRepository = ReturnType<typeof createPrivacyRepository>;
