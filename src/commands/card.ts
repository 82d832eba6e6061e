import type { SessionId } from '../ids.js';

/**
 * A platform-neutral message: each adapter has one renderer (Discord embed + components, Slack Block Kit,
 * plain text for the CLI). Text uses a small Markdown subset both platforms understand after conversion:
 * **bold**, _italic_, `code`, ||spoiler|| (Slack shows spoilers as a quoted block).
 */
export type CardTone = 'info' | 'success' | 'warning' | 'error' | 'progress';

export interface CardField {
  name: string;
  value: string;
  inline?: boolean;
}

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';

export interface CardButton {
  /** Stable action id, e.g. `ic:done:<sessionId>`. */
  id: string;
  label: string;
  style?: ButtonStyle;
  emoji?: string;
  disabled?: boolean;
  /**
   * Buttons of one group share a row where the platform lays buttons out in rows (Discord); a different group starts
   * a new row. The peer-rating stars are one group, so they stay together beside a card's own buttons (the replay).
   */
  group?: string;
}

/** A menu of choices (Discord string select, Slack multi-select); the choice ids travel back with the menu's id. */
export interface CardSelect {
  id: string;
  placeholder: string;
  options: { value: string; label: string }[];
  /** How many may be picked: 0 lets a person clear their choice where the platform allows it. */
  minValues: number;
  maxValues: number;
}

export interface CardImage {
  /** File name used for the attachment, e.g. `progress.png`. */
  name: string;
  png: Buffer;
  alt: string;
}

/**
 * What a card is, so an adapter never has to guess it from the text or the button ids. A question card says whether
 * it carries the round's Repeat / Skip / End (only the newest such message keeps them on Slack).
 */
export type CardKind =
  | { type: 'question'; sessionId: SessionId; controls: boolean }
  | { type: 'lobby'; sessionId: SessionId }
  | { type: 'round' }
  | { type: 'answer-progress' }
  | { type: 'feedback' }
  | { type: 'summary' }
  | { type: 'progress' }
  | { type: 'history' }
  | { type: 'forget-me' }
  | { type: 'notice' }
  | { type: 'error' };

export interface Card {
  /** What the card is; cards made outside the builders (a one-off notice) may leave it out. */
  kind?: CardKind;
  title: string;
  description?: string;
  fields?: CardField[];
  footer?: string;
  tone?: CardTone;
  image?: CardImage;
  buttons?: CardButton[];
  /** A menu shown below the buttons. */
  select?: CardSelect;
  /** Show only to the person who asked, where the platform can. */
  ephemeral?: boolean;
}

export function errorCard(message: string): Card {
  return { kind: { type: 'error' }, title: 'Something needs attention', description: message, tone: 'error', ephemeral: true };
}
