import type { UserRow } from '../../db/schema.js';
import { ROLE_LABELS, isRole } from '../../pipeline/questions/types.js';
import type { AskedQuestion } from '../../session/types.js';
import { actionId } from '../actionIds.js';
import type { Card } from '../card.js';
import { DEFAULT_VOCABULARY, type CardVocabulary } from './vocabulary.js';

export function roleLabel(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}

export interface QuestionCardOptions {
  /** The participant in the hot seat, mentioned by the adapter's own syntax. */
  seat?: { user: UserRow; mention: string };
  /** Voice rounds mention speaking; text rounds mention replying. */
  voice?: boolean;
  drill?: boolean;
  /** Offer an "Answer in text" button (Discord opens a form), for servers without the Message Content intent. */
  textAnswerButton?: boolean;
  /** False where replies in the thread cannot be read (Discord without Message Content): only what works is offered. */
  replies?: boolean;
  /** The platform's words (Slack: "audio clip"). */
  vocabulary?: CardVocabulary;
  /** False: no how-to-answer line (the surface prompts by itself, e.g. the terminal). */
  howTo?: boolean;
}

export function questionCard({ session, question, number, total }: AskedQuestion, options: QuestionCardOptions = {}): Card {
  const replies = options.replies ?? true;
  const recorded = (options.vocabulary ?? DEFAULT_VOCABULARY).recordedAnswer;
  const how = options.drill
    ? `Press **Answer in text**, or send ${recorded} in DM.`
    : !replies
      ? options.voice
        ? "Answer out loud, or press **Answer in text**. Press **I'm done** when you finish."
        : 'Press **Answer in text** to answer.'
      : options.voice
        ? `Answer out loud (or reply here with text / ${recorded}). Press **I'm done** when you finish.`
        : `Reply in this thread with text or ${recorded}.`;
  const buttons: Card['buttons'] = options.drill
    ? [{ id: actionId('answer', session.id), label: 'Answer in text', style: 'primary', emoji: '✍️' }]
    : [
        ...(options.voice ? [{ id: actionId('done', session.id), label: "I'm done", style: 'success' as const }] : []),
        ...(options.textAnswerButton ? [{ id: actionId('answer', session.id), label: 'Answer in text', style: 'primary' as const }] : []),
        { id: actionId('repeat', session.id), label: 'Repeat', style: 'secondary' },
        { id: actionId('skip', session.id), label: 'Skip', style: 'secondary' },
        { id: actionId('end', session.id), label: 'End', style: 'danger' },
      ];
  const controls = buttons.some((b) => b.id === actionId('skip', session.id));
  return {
    kind: { type: 'question', sessionId: session.id, controls },
    title: options.drill ? `Drill · ${question.category} · ${question.difficulty}` : `Question ${number}/${total} · ${question.category} · ${question.difficulty}`,
    description: `${options.seat ? `🔥 ${options.seat.mention}'s turn\n\n` : ''}**${question.text}**${options.howTo === false ? '' : `\n\n${how}`}`,
    footer: `${roleLabel(session.role)} interview`,
    tone: 'info',
    buttons,
    ephemeral: options.drill,
  };
}
