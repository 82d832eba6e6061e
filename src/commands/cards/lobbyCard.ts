import type { SessionRow } from '../../db/schema.js';
import { actionId } from '../actionIds.js';
import type { Card } from '../card.js';
import { roleLabel } from './questionCard.js';
import { DEFAULT_VOCABULARY, type CardVocabulary } from './vocabulary.js';

export interface LobbyCardOptions {
  hostMention: string;
  participantMentions: string[];
  startsInSec?: number;
  started?: boolean;
  /** The platform's words (Slack: audio clips). */
  vocabulary?: CardVocabulary;
}

export function lobbyCard(session: SessionRow, options: LobbyCardOptions): Card {
  const words = options.vocabulary ?? DEFAULT_VOCABULARY;
  const mode = session.mode === 'text' ? words.threadRound : session.mode;
  const header = `${roleLabel(session.role)} · ${session.difficulty} · ${session.questionCount} question${session.questionCount === 1 ? '' : 's'} · ${mode}${session.roundMode === 'hot-seat' ? ' · hot seat' : ''}`;
  const lines = [`Host: ${options.hostMention} · Participants: ${options.participantMentions.join(', ')}`];
  if (options.started) lines.push('The round has started — questions are in the thread.');
  else lines.push(`Starts ${options.startsInSec ? `in ${options.startsInSec} s or ` : ''}when the host presses **Start now**. ${session.mode === 'voice' ? 'Audio is processed, never stored.' : `Answer by text or ${words.recordedAnswer}.`}`);
  return {
    title: `🎤 Mock interview — ${header}`,
    description: lines.join('\n'),
    tone: 'info',
    buttons: options.started
      ? []
      : [
          { id: actionId('join', session.id), label: 'Join', style: 'primary' },
          { id: actionId('start', session.id), label: 'Start now', style: 'success' },
          { id: actionId('cancel', session.id), label: 'Cancel', style: 'secondary' },
        ],
  };
}
