import { resumeOpenWork } from '../../commands/interview/resumeOpenWork.js';
import type { BotContext } from './BotContext.js';
import { sessionSurface } from './sessionSurface.js';
import { servesGuild, shardRole } from './sharding/shardRole.js';

/**
 * After a restart: finish interrupted answers and continue (or close) this platform's open rounds — as a shard, only
 * those of its own guilds that it can claim. `takeover`: only rounds whose owner let the lease run out.
 */
export async function resumeDiscordSessions(ctx: BotContext, scope: 'restart' | 'takeover' = 'restart'): Promise<void> {
  const role = shardRole(ctx.config);
  await resumeOpenWork(
    ctx.services,
    ctx.flow,
    {
      platform: 'discord',
      surfaceFor: (session) => sessionSurface(ctx, session.id).catch(() => undefined),
      serves: async (session) => servesGuild(role, (await ctx.services.repos.identity.getWorkspace(session.workspaceId))?.platformWorkspaceId ?? ''),
      scope,
    },
    ctx.logger,
  );
}
