import type { TextSpan } from '../pipeline/analyze/types.js';

/** `▰▰▰▰▰▰▰▱▱▱` for a 0–10 score. */
export function scoreBar(score: number): string {
  const filled = Math.max(0, Math.min(10, Math.round(score)));
  return '▰'.repeat(filled) + '▱'.repeat(10 - filled);
}

export function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

export function formatSeconds(sec: number): string {
  if (sec < 60) return `${Math.round(sec)} s`;
  const m = Math.floor(sec / 60);
  const s = Math.round(sec % 60);
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** Filler counts like `um ×2, like ×1`, most frequent first. */
export function fillerBreakdown(byWord: Record<string, number>): string {
  return Object.entries(byWord)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([word, n]) => `${word} ×${n}`)
    .join(', ');
}

/**
 * The filler count of a spoken answer: the transcript's fillers, plus the hesitations heard in the audio that the
 * transcript left out. "fillers 2 (um ×1, like ×1) + 3 hesitations the transcript left out = 4.1/min".
 */
export function fillerSummary(byWord: Record<string, number>, total: number, hesitations: number | null, perMinute: number | null): string {
  const breakdown = fillerBreakdown(byWord);
  const extra = hesitations ? ` + ${hesitations} hesitation${hesitations === 1 ? '' : 's'} the transcript left out` : '';
  return `fillers ${total}${breakdown ? ` (${breakdown})` : ''}${extra}${perMinute !== null ? ` = ${perMinute}/min` : ''}`;
}

/**
 * Escapes characters that would turn user text into Markdown formatting or mentions. `<` is escaped too: a quoted
 * `<@U…>` or `<!here>` must stay text, and only an escape tells the renderers it came from the user.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_`~|<>#[\]])/g, '\\$1').replace(/@(everyone|here)/g, '@\u200b$1');
}

/**
 * A transcript excerpt of at most `max` characters with fillers in bold; long answers are cut at a word.
 */
export function markedExcerpt(text: string, spans: readonly TextSpan[], max = 400): string {
  let out = '';
  let pos = 0;
  const limit = safeEnd(text, Math.min(text.length, max));
  for (const span of spans) {
    if (span.start >= limit) break;
    out += escapeMarkdown(text.slice(pos, span.start));
    out += `**${escapeMarkdown(text.slice(span.start, span.end))}**`;
    pos = span.end;
  }
  let tail = text.slice(pos, Math.max(pos, limit));
  const cut = text.length > limit;
  if (cut) tail = tail.replace(/\s+\S*$/, '');
  out += escapeMarkdown(tail);
  return cut ? `${out}…` : out;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, safeEnd(text, max - 1)).replace(/\s+\S*$/, '')}…`;
}

/**
 * Where to cut `text` at or before `end` without splitting a surrogate pair: half an emoji is not valid UTF-16
 * and shows as � (or makes the platform refuse the message).
 */
export function safeEnd(text: string, end: number): number {
  const last = text.charCodeAt(end - 1);
  return end < text.length && last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}
