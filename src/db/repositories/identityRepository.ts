import { and, eq, sql } from '../drizzle.js';
import { first, only, type Database } from '../client.js';
import type { UserRow, WorkspaceRow } from '../schema.js';

export interface PlatformIdentity {
  platform: string;
  id: string;
  name?: string;
}

/** Users and workspaces are created on first sight and their display names kept fresh. */
export function createIdentityRepository(database: Database) {
  const { db } = database;
  const { users, workspaces } = database.tables;
  return {
    async upsertUser(identity: PlatformIdentity): Promise<UserRow> {
      return only(
        db
          .insert(users)
          .values({ platform: identity.platform, platformUserId: identity.id, displayName: identity.name ?? '' })
          .onConflictDoUpdate({
            target: [users.platform, users.platformUserId],
            set: identity.name ? { displayName: identity.name } : { platform: identity.platform },
          })
          .returning(),
      );
    },

    async findUser(platform: string, platformUserId: string): Promise<UserRow | undefined> {
      return first(
        db
          .select()
          .from(users)
          .where(and(eq(users.platform, platform), eq(users.platformUserId, platformUserId)))
          .limit(1),
      );
    },

    async getUser(id: number): Promise<UserRow | undefined> {
      return first(db.select().from(users).where(eq(users.id, id)).limit(1));
    },

    async setShareProgress(userId: number, share: boolean): Promise<void> {
      // A new version too: whoever reads this person's /progress next gets it freshly built for the new setting.
      await db.update(users).set({ shareProgress: share, progressVersion: sql`${users.progressVersion} + 1` }).where(eq(users.id, userId));
    },

    async upsertWorkspace(identity: PlatformIdentity): Promise<WorkspaceRow> {
      return only(
        db
          .insert(workspaces)
          .values({ platform: identity.platform, platformWorkspaceId: identity.id, name: identity.name ?? '' })
          .onConflictDoUpdate({
            target: [workspaces.platform, workspaces.platformWorkspaceId],
            set: identity.name ? { name: identity.name } : { platform: identity.platform },
          })
          .returning(),
      );
    },

    async getWorkspace(id: number): Promise<WorkspaceRow | undefined> {
      return first(db.select().from(workspaces).where(eq(workspaces.id, id)).limit(1));
    },

    /** Removes the user and, through cascades, every row that belongs to them. */
    async deleteUser(userId: number): Promise<void> {
      await db.delete(users).where(eq(users.id, userId));
    },
  };
}

export type IdentityRepository = ReturnType<typeof createIdentityRepository>;
