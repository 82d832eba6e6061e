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
}

export interface CardImage {
  /** File name used for the attachment, e.g. `progress.png`. */
  name: string;
  png: Buffer;
  alt: string;
}

export interface Card {
  title: string;
  description?: string;
  fields?: CardField[];
  footer?: string;
  tone?: CardTone;
  image?: CardImage;
  buttons?: CardButton[];
  /** Show only to the person who asked, where the platform can. */
  ephemeral?: boolean;
}

export function errorCard(message: string): Card {
  return { title: 'Something needs attention', description: message, tone: 'error', ephemeral: true };
}
