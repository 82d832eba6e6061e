import type { PlatformIdentity, WorkspaceIdentity } from '../db/repositories/identityRepository.js';
import type { Services } from '../services.js';
import { actionId } from './actionIds.js';
import type { Card } from './card.js';
import { forgetCachedProgress } from './progress/progressReportCache.js';

export function forgetMeConfirmCard(): Card {
  return {
    kind: { type: 'forget-me' },
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
  privateWorkspace?: WorkspaceIdentity;
}

/** Deletes everything about this person, in one transaction (see PrivacyRepository.forget). */
export async function forgetMe(services: Pick<Services, 'repos'> & Partial<Pick<Services, 'replays'>>, who: PlatformIdentity, options: ForgetMeOptions = {}): Promise<Card> {
  const user = await services.repos.identity.findUser(who.platform, who.id);
  await services.repos.privacy.forget(who, options.privateWorkspace);
  // Their reports held in memory go too, not only when the next /progress finds their version gone.
  if (user) forgetCachedProgress(services.repos, user.id);
  if (user) services.replays?.dropOwner(user.id);
  return { kind: { type: 'forget-me' }, title: '🗑️ Done — everything about you is deleted.', description: 'You can start fresh any time with `/drill`.', tone: 'success', ephemeral: true };
}
