import type { PlatformIdentity } from '../db/repositories/identityRepository.js';
import type { SessionRow } from '../db/schema.js';
import type { Difficulty, Role } from '../pipeline/questions/types.js';
import type { Services } from '../services.js';

/** Each person has at most one open drill; its "channel" is private to them. */
export function drillChannel(who: PlatformIdentity): string {
  return `drill:${who.platform}:${who.id}`;
}

/**
 * Opens a one-question drill (any previous open drill of the caller is abandoned). The interview flow asks it and
 * takes its answer like any round's.
 */
export async function startDrill(
  services: Pick<Services, 'engine'>,
  options: { caller: PlatformIdentity; workspace: PlatformIdentity; role: Role; difficulty: Difficulty; platform: 'discord' | 'slack'; followUps?: boolean },
): Promise<{ session: SessionRow }> {
  const channelId = drillChannel(options.caller);
  const previous = await services.engine.findOpen(channelId);
  if (previous) await services.engine.end(previous.id, 'abandoned');
  const { session } = await services.engine.start({
    platform: options.platform,
    kind: 'drill',
    workspace: options.workspace,
    host: options.caller,
    channelId,
    role: options.role,
    difficulty: options.difficulty,
    count: 1,
    mode: 'text',
    followUps: options.followUps ?? false,
  });
  return { session };
}

/** The caller's open drill, if any (voice messages in DM answer it). */
export async function openDrill(services: Pick<Services, 'engine'>, caller: PlatformIdentity): Promise<SessionRow | undefined> {
  return services.engine.findOpen(drillChannel(caller));
}
