import type { Card } from '../commands/card.js';

export interface Terminal {
  color: boolean;
  out(text: string): void;
  err(text: string): void;
}

export function createTerminal(stream: NodeJS.WriteStream = process.stdout): Terminal {
  const color = Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  return {
    color,
    out: (text) => void process.stdout.write(`${text}\n`),
    err: (text) => void process.stderr.write(`${text}\n`),
  };
}

const bold = (s: string, on: boolean) => (on ? `\u001b[1m${s}\u001b[22m` : s);
const dim = (s: string, on: boolean) => (on ? `\u001b[2m${s}\u001b[22m` : s);

/** Card Markdown → terminal text: **bold** becomes bold (or plain), spoilers are shown, escapes removed. */
export function plain(text: string, color: boolean): string {
  return text
    .replace(/\|\|([\s\S]*?)\|\|/g, '$1')
    .replace(/\*\*([\s\S]*?)\*\*/g, (_m, inner: string) => bold(inner, color))
    .replace(/\\([\\*_`~|<>#[\]])/g, '$1');
}

export function renderCardText(card: Card, color: boolean): string {
  const lines = [bold(plain(card.title, color), color)];
  if (card.description) lines.push(plain(card.description, color));
  const width = Math.max(0, ...(card.fields ?? []).map((f) => f.name.length));
  for (const field of card.fields ?? []) {
    const value = plain(field.value, color).split('\n');
    lines.push(`${bold(field.name.padEnd(width), color)}  ${value[0] ?? ''}`);
    for (const more of value.slice(1)) lines.push(`${' '.repeat(width)}  ${more}`);
  }
  if (card.footer) lines.push(dim(plain(card.footer, color), color));
  return lines.join('\n');
}
