/**
 * The Card text dialect (**bold**, _italic_, `code`, ||spoiler||, backslash escapes from `escapeMarkdown`) → Slack
 * mrkdwn. Slack has no escape character and no spoilers: escaped characters become literal, spoilers become a
 * quoted block, and every literal &, < and > is entity-escaped so user text cannot open links or ping channels.
 */

/** Mentions of people and channels pass through; `<!channel>`, `<!here>` and links in user text do not. */
const SLACK_REFERENCE = /^<(?:@[UW][A-Z0-9]+|#C[A-Z0-9]+(?:\|[^<>|]*)?|!subteam\^[A-Z0-9]+)>/;
const ESCAPABLE = new Set(['\\', '*', '_', '`', '~', '|', '<', '>', '#', '[', ']']);
const SPOILER = /(?<!\\)\|\|([\s\S]+?)(?<!\\)\|\|/g;

export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One span of text without spoilers. */
function inlineToMrkdwn(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    const next = text.charAt(i + 1);
    if (ch === '\\' && ESCAPABLE.has(next)) {
      out += escapeEntities(next);
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        out += `\`${escapeEntities(text.slice(i + 1, end))}\``;
        i = end + 1;
        continue;
      }
    }
    if (ch === '<') {
      const reference = SLACK_REFERENCE.exec(text.slice(i));
      if (reference) {
        out += reference[0];
        i += reference[0].length;
        continue;
      }
    }
    if ((ch === '*' || ch === '~') && next === ch) {
      out += ch;
      i += 2;
      continue;
    }
    out += escapeEntities(ch);
    i += 1;
  }
  return out;
}

function quoted(text: string): string {
  return inlineToMrkdwn(text.trim())
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** Card text → Slack mrkdwn. */
export function toMrkdwn(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(SPOILER)) {
    out += inlineToMrkdwn(text.slice(last, match.index).replace(/[ \t]+$/, ''));
    if (out !== '' && !out.endsWith('\n')) out += '\n';
    out += quoted(match[1] ?? '');
    last = match.index + match[0].length;
    while (text.charAt(last) === ' ' || text.charAt(last) === '\t') last += 1;
    if (last < text.length && text.charAt(last) !== '\n') out += '\n';
  }
  return out + inlineToMrkdwn(text.slice(last));
}

/** Card text → plain text (headers, button labels, notification previews): markers dropped, escapes resolved. */
export function toPlainText(text: string): string {
  return text
    .replace(SPOILER, (_all, inner: string) => inner)
    .replace(/(?<!\\)(\*\*|~~)/g, '')
    .replace(/\\([\\*_`~|<>#[\]])/g, '$1');
}

/** Cuts at a word boundary and marks the cut, keeping the result within `max` characters. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${atWord.length > max / 2 ? atWord : cut}…`;
}

/** Like `clip` for mrkdwn: never leaves half an entity (`&am`) or half a mention (`<@U12`) at the end. */
export function clipMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = clip(text, max).slice(0, -1);
  return `${cut.replace(/&[a-z]*$|<[^<>]*$/, '')}…`;
}
