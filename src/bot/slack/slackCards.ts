import type { Card } from '../../commands/card.js';
import { lobbyCard } from '../../commands/cards/lobbyCard.js';
import { roleLabel } from '../../commands/cards/questionCard.js';
import type { CardVocabulary } from '../../commands/cards/vocabulary.js';
import type { SessionRow } from '../../db/schema.js';
import { roundSummaryCard } from '../../commands/roundSummary.js';
import type { Services } from '../../services.js';
import { mentionOf } from './slackIds.js';

/** Slack's words on the neutral cards: it has audio clips, not voice messages, and its rounds take both. */
export const SLACK_VOCABULARY: CardVocabulary = { recordedAnswer: 'an audio clip', threadRound: 'text or audio clips' };

/** The first reply in every round's thread. */
export const HOW_TO_ANSWER = 'Reply in this thread with an audio clip (🎙 in the message box), an audio file, or text.';

/** The channel message a round's thread hangs from. */
export function roundRootCard(session: SessionRow, hostUserId: string): Card {
  if (session.kind === 'drill') {
    return {
      title: `🎯 Drill — ${roleLabel(session.role)} · ${session.difficulty}`,
      description: `${mentionOf(hostUserId)}, your question is in the thread.`,
      tone: 'info',
    };
  }
  return lobbyCard(session, { hostMention: mentionOf(hostUserId), participantMentions: [mentionOf(hostUserId)], started: true, vocabulary: SLACK_VOCABULARY });
}

/** End of a round: the progress module's summary; a drill gets a one-line send-off instead. */
export async function slackSummaryCard(services: Pick<Services, 'repos'>, session: SessionRow): Promise<Card> {
  if (session.kind === 'drill') {
    return {
      title: '🎯 Drill done',
      description: `Another one: \`/drill ${session.role}\` · See your trend: \`/progress\``,
      tone: 'success',
    };
  }
  const card = await roundSummaryCard(services, session, (user) => mentionOf(user.platformUserId));
  // The summary's footer names Discord's option syntax (`/drill role:x`); Slack commands take plain words.
  return { ...card, footer: `Keep going: \`/drill ${session.role}\` · See your trend: \`/progress\`` };
}
