import type { SessionRow } from '../../db/schema.js';
import { actionId } from '../actionIds.js';
import type { Card } from '../card.js';
import { roleLabel } from './questionCard.js';
import { DEFAULT_VOCABULARY, type CardVocabulary } from './vocabulary.js';
import type { SessionId } from '../../ids.js';

export interface LobbyCardOptions {
  hostMention: string;
  participantMentions: string[];
  startsInSec?: number;
  started?: boolean;
  /** The round is over: the card says so and offers nothing. */
  ended?: boolean;
  /** Keep a Join button while the round runs (late joiners answer from the next question). */
  joinWhileRunning?: boolean;
  /** False where replies in the thread cannot be read: the card names only the answer form. */
  replies?: boolean;
  /** Still joining the voice channel: people can join or cancel, not start yet. */
  connecting?: boolean;
  /** A line about this round, e.g. why it became a text round. */
  note?: string;
  /** The platform's words (Slack: audio clips). */
  vocabulary?: CardVocabulary;
}

export function lobbyCard(session: SessionRow, options: LobbyCardOptions): Card {
  const words = options.vocabulary ?? DEFAULT_VOCABULARY;
  const mode = session.mode === 'text' ? words.threadRound : session.mode;
  const header = `${roleLabel(session.role)} · ${session.difficulty} · ${session.questionCount} question${session.questionCount === 1 ? '' : 's'} · ${mode}${session.roundMode === 'hot-seat' ? ' · hot seat' : ''}`;
  const lines = [`Host: ${options.hostMention} · Participants: ${options.participantMentions.join(', ')}`];
  if (options.note) lines.push(options.note);
  const textHow = options.replies === false ? 'Answer with the **Answer in text** button on each question.' : `Answer by text or ${words.recordedAnswer}.`;
  if (options.ended) lines.push('This round has ended — the summary is in the thread.');
  else if (options.connecting) lines.push('Connecting to the voice channel…');
  else if (options.started) lines.push(`The round has started — questions are in the thread.${options.joinWhileRunning ? ' Press **Join** to answer from the next question.' : ''}`);
  else lines.push(`Starts ${options.startsInSec ? `in ${options.startsInSec} s or ` : ''}when the host presses **Start now**. ${session.mode === 'voice' ? 'Audio is processed, never stored.' : textHow}`);
  return { kind: { type: 'lobby', sessionId: session.id }, title: `🎤 Mock interview — ${header}`, description: lines.join('\n'), tone: 'info', buttons: lobbyButtons(session.id, options) };
}

/** Only what can still happen: nothing once over, Join while running, no Start while the voice join is pending. */
function lobbyButtons(sessionId: SessionId, options: LobbyCardOptions): Card['buttons'] {
  const join = { id: actionId('join', sessionId), label: 'Join', style: 'primary' as const };
  const cancel = { id: actionId('cancel', sessionId), label: 'Cancel', style: 'secondary' as const };
  if (options.ended) return [];
  if (options.started) return options.joinWhileRunning ? [join] : [];
  if (options.connecting) return [join, cancel];
  return [join, { id: actionId('start', sessionId), label: 'Start now', style: 'success' }, cancel];
}
