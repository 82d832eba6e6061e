import { and, eq, sql } from '../drizzle.js';
import type { Db } from '../client.js';
import { users, workspaces, type UserRow, type WorkspaceRow } from '../schema.js';

export interface PlatformIdentity {
  platform: string;
  id: string;
  name?: string;
}

/** Users and workspaces are created on first sight and their display names kept fresh. */
export function createIdentityRepository(db: Db) {
  return {
    upsertUser(identity: PlatformIdentity): UserRow {
      const row = db
        .insert(users)
        .values({ platform: identity.platform, platformUserId: identity.id, displayName: identity.name ?? '' })
        .onConflictDoUpdate({
          target: [users.platform, users.platformUserId],
          set: identity.name ? { displayName: identity.name } : { platform: identity.platform },
        })
        .returning()
        .get();
      return row;
    },

    findUser(platform: string, platformUserId: string): UserRow | undefined {
      return db
        .select()
        .from(users)
        .where(and(eq(users.platform, platform), eq(users.platformUserId, platformUserId)))
        .get();
    },

    getUser(id: number): UserRow | undefined {
      return db.select().from(users).where(eq(users.id, id)).get();
    },

    setShareProgress(userId: number, share: boolean): void {
      // A new version too: whoever reads this person's /progress next gets it freshly built for the new setting.
      db.update(users).set({ shareProgress: share, progressVersion: sql`${users.progressVersion} + 1` }).where(eq(users.id, userId)).run();
    },

    upsertWorkspace(identity: PlatformIdentity): WorkspaceRow {
      return db
        .insert(workspaces)
        .values({ platform: identity.platform, platformWorkspaceId: identity.id, name: identity.name ?? '' })
        .onConflictDoUpdate({
          target: [workspaces.platform, workspaces.platformWorkspaceId],
          set: identity.name ? { name: identity.name } : { platform: identity.platform },
        })
        .returning()
        .get();
    },

    getWorkspace(id: number): WorkspaceRow | undefined {
      return db.select().from(workspaces).where(eq(workspaces.id, id)).get();
    },

    /** Removes the user and, through cascades, every row that belongs to them. */
    deleteUser(userId: number): void {
      db.delete(users).where(eq(users.id, userId)).run();
    },
  };
}

export type IdentityRepository = ReturnType<typeof createIdentityRepository>;
