/** The bidirectional controls that can reorder what a terminal shows (e.g. U+202E, right-to-left override). */
const BIDI_CONTROLS = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

function isHidden(codePoint: number): boolean {
  return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f) || BIDI_CONTROLS.has(codePoint);
}

/**
 * Text a person typed, made safe to echo in a message: control and direction-changing characters become "?",
 * and anything past `max` characters is cut with an ellipsis, so a 5,000-character id cannot flood the screen
 * and a right-to-left override cannot disguise what the message says.
 */
export function shownInput(text: string, max = 80): string {
  const chars = [...text].map((char) => (isHidden(char.codePointAt(0) ?? 0) ? '?' : char));
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}
