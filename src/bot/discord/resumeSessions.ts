import { resumeOpenWork, type ResumeTarget } from '../../commands/interview/resumeOpenWork.js';
import { showOwedFeedback } from '../../commands/interview/owedFeedback.js';
import type { BotContext } from './BotContext.js';
import { sessionSurface } from './sessionSurface.js';
import { servesGuild, shardRole } from './sharding/shardRole.js';

/**
 * After a restart: finish interrupted answers and continue (or close) this platform's open rounds — as a shard, only
 * those of its own guilds that it can claim. `takeover`: only rounds whose owner let the lease run out.
 */
export async function resumeDiscordSessions(ctx: BotContext, scope: 'restart' | 'takeover' = 'restart'): Promise<void> {
  await resumeOpenWork(ctx.services, ctx.flow, { ...discordTarget(ctx), scope }, ctx.logger);
}

/** ANSWER_QUEUE=pg-boss: cards of answers whose result landed while this process was not waiting for it. */
export function showOwedDiscordFeedback(ctx: BotContext): Promise<void> {
  return showOwedFeedback(ctx.services, ctx.flow, discordTarget(ctx), ctx.logger);
}

function discordTarget(ctx: BotContext): ResumeTarget {
  const role = shardRole(ctx.config);
  return {
    platform: 'discord',
    surfaceFor: (session) => sessionSurface(ctx, session.id).catch(() => undefined),
    serves: async (session) => servesGuild(role, (await ctx.services.repos.identity.getWorkspace(session.workspaceId))?.platformWorkspaceId ?? ''),
  };
}
