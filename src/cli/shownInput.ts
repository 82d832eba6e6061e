/** C0/C1 controls, DEL, and the bidirectional controls that can reorder what a terminal shows (e.g. U+202E). */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Text a person typed, made safe to echo in a message: invisible and direction-changing characters become "?",
 * and anything past `max` characters is cut with an ellipsis, so a 5,000-character id cannot flood the screen
 * and a right-to-left override cannot disguise what the message says.
 */
export function shownInput(text: string, max = 80): string {
  const visible = text.replace(HIDDEN, '?');
  const chars = [...visible];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : visible;
}
