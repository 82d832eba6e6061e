import type { PlatformIdentity, WorkspaceIdentity } from '../db/repositories/identityRepository.js';
import type { SessionRow } from '../db/schema.js';
import type { Difficulty, Role } from '../pipeline/questions/types.js';
import type { Services } from '../services.js';
import { drillLocation, type Location } from '../location.js';

/** Each person has at most one open drill: it lives with them until it is shown somewhere. */
function drillOf(who: PlatformIdentity, platform: 'discord' | 'slack'): Location {
  return drillLocation(platform, who.id);
}

/**
 * Opens a one-question drill (any previous open drill of the caller is abandoned). The interview flow asks it and
 * takes its answer like any round's.
 */
export async function startDrill(
  services: Pick<Services, 'engine'>,
  options: { caller: PlatformIdentity; workspace: WorkspaceIdentity; role: Role; difficulty: Difficulty; platform: 'discord' | 'slack'; followUps?: boolean },
): Promise<{ session: SessionRow }> {
  const location = drillOf(options.caller, options.platform);
  const previous = await services.engine.findOpen(location);
  if (previous) await services.engine.end(previous.id, 'abandoned');
  const { session } = await services.engine.start({
    platform: options.platform,
    kind: 'drill',
    workspace: options.workspace,
    host: options.caller,
    location,
    role: options.role,
    difficulty: options.difficulty,
    count: 1,
    mode: 'text',
    followUps: options.followUps ?? false,
  });
  return { session };
}

/** The caller's open drill, if any (voice messages in DM answer it). */
export async function openDrill(services: Pick<Services, 'engine'>, caller: PlatformIdentity, platform: 'discord' | 'slack'): Promise<SessionRow | undefined> {
  return services.engine.findOpen(drillOf(caller, platform));
}
