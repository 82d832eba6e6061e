import { resumeOpenWork } from '../../commands/interview/resumeOpenWork.js';
import type { BotContext } from './BotContext.js';
import { sessionSurface } from './sessionSurface.js';

/** After a restart: finish interrupted answers and continue (or close) this platform's open rounds. */
export async function resumeDiscordSessions(ctx: BotContext): Promise<void> {
  await resumeOpenWork(
    ctx.services,
    ctx.flow,
    { platform: 'discord', surfaceFor: (session) => sessionSurface(ctx, session.id).catch(() => undefined) },
    ctx.logger,
  );
}
