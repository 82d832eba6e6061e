import type { PlatformIdentity } from '../db/repositories/identityRepository.js';
import type { Services } from '../services.js';
import { actionId } from './actionIds.js';
import type { Card } from './card.js';

export function forgetMeConfirmCard(): Card {
  return {
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

/** Deletes every row of this person (answers, metrics, evaluations, history, usage) in one transaction. */
export function forgetMe(services: Pick<Services, 'repos' | 'handle'>, who: PlatformIdentity): Card {
  const user = services.repos.identity.findUser(who.platform, who.id);
  if (user) {
    services.handle.sqlite.transaction(() => {
      services.repos.usage.deleteForUser(user.id);
      services.repos.identity.deleteUser(user.id);
    })();
  }
  return { title: '🗑️ Done — everything about you is deleted.', description: 'You can start fresh any time with `/drill`.', tone: 'success', ephemeral: true };
}
