import type { types } from '@slack/bolt';
import type { Card, CardButton, CardField, CardSelect, CardTone } from '../../commands/card.js';
import { clip, clipMrkdwn, toMrkdwn, toPlainText } from './mrkdwn.js';

type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;
type Button = types.Button;
type MultiSelect = types.MultiStaticSelect;

/** Block Kit limits (docs.slack.dev/reference/block-kit/blocks); Slack rejects the whole message past any of them. */
export const BLOCK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  contextText: 3000,
  buttonText: 75,
  actionsElements: 25,
  /** The notification/fallback text; Slack allows 40k, but a preview only needs the gist. */
  fallbackText: 3000,
} as const;

export interface SlackMessage {
  /** Shown in notifications and by clients that cannot render blocks; mentions in it notify people. */
  text: string;
  blocks: KnownBlock[];
}

/** Blocks have no colour, so an error card says so in its title (a low score's warning tone is not an error). */
const TONE_MARK: Partial<Record<CardTone, string>> = { error: '⚠️' };
const STARTS_WITH_EMOJI = /^\p{Extended_Pictographic}/u;

function headerText(card: Card): string {
  const title = toPlainText(card.title).trim();
  const mark = card.tone ? TONE_MARK[card.tone] : undefined;
  const marked = mark && !STARTS_WITH_EMOJI.test(title) ? `${mark} ${title}` : title;
  return clip(marked || ' ', BLOCK_LIMITS.headerText);
}

/** A mention or channel link in the title: header blocks are plain_text and would show it as a raw `<@U…>`. */
const REFERENCE_IN_TITLE = /<(?:@[UW]|#C|!subteam\^)[A-Z0-9]/;

/** The card's title: a header block, or a bold mrkdwn section when it names someone (so the mention renders). */
function titleBlock(card: Card, header: string): KnownBlock {
  if (!REFERENCE_IN_TITLE.test(card.title)) return { type: 'header', text: { type: 'plain_text', text: header, emoji: true } };
  const mark = card.tone ? TONE_MARK[card.tone] : undefined;
  const title = card.title.trim();
  const marked = mark && !STARTS_WITH_EMOJI.test(title) ? `${mark} ${title}` : title;
  return { type: 'section', text: { type: 'mrkdwn', text: `*${clipMrkdwn(toMrkdwn(marked.replace(/\*\*/g, '')), BLOCK_LIMITS.headerText)}*` } };
}

/** Long mrkdwn split at line breaks into pieces that each fit one section. */
export function splitMrkdwn(text: string, max: number = BLOCK_LIMITS.sectionText): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const fitted = clipMrkdwn(line, max);
    if (current !== '' && current.length + 1 + fitted.length > max) {
      pieces.push(current);
      current = fitted;
    } else {
      current = current === '' ? fitted : `${current}\n${fitted}`;
    }
  }
  if (current.trim() !== '') pieces.push(current);
  return pieces;
}

function textSections(mrkdwn: string): SectionBlock[] {
  return splitMrkdwn(mrkdwn).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

function fieldMrkdwn(field: CardField): string {
  return `*${toMrkdwn(toPlainText(field.name))}*\n${toMrkdwn(field.value)}`;
}

/**
 * Short (inline) fields sit side by side as section fields, up to ten per section; long ones get a full-width
 * section each, so a transcript is not squeezed into half the width.
 */
function fieldBlocks(fields: readonly CardField[]): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  let row: string[] = [];
  const flush = (): void => {
    for (let i = 0; i < row.length; i += BLOCK_LIMITS.fieldsPerSection) {
      const chunk = row.slice(i, i + BLOCK_LIMITS.fieldsPerSection);
      blocks.push({ type: 'section', fields: chunk.map((text) => ({ type: 'mrkdwn', text })) });
    }
    row = [];
  };
  for (const field of fields) {
    const text = fieldMrkdwn(field);
    if (field.inline === true && text.length <= BLOCK_LIMITS.fieldText) {
      row.push(text);
      continue;
    }
    flush();
    blocks.push(...textSections(text));
  }
  flush();
  return blocks;
}

function buttonElement(button: CardButton): Button {
  const label = clip(`${button.emoji ? `${button.emoji} ` : ''}${toPlainText(button.label)}`, BLOCK_LIMITS.buttonText);
  const style = button.style === 'danger' ? 'danger' : button.style === 'primary' || button.style === 'success' ? 'primary' : undefined;
  return {
    type: 'button',
    action_id: button.id,
    text: { type: 'plain_text', text: label, emoji: true },
    value: button.id,
    ...(style !== undefined && { style }),
  };
}

/** A card's menu as a multi-select (Slack clears a multi-select by unticking every option, so no minimum is set). */
function selectElement(select: CardSelect): MultiSelect {
  return {
    type: 'multi_static_select',
    action_id: select.id,
    placeholder: { type: 'plain_text', text: clip(select.placeholder, 150), emoji: true },
    options: select.options.slice(0, 100).map((o) => ({ text: { type: 'plain_text', text: clip(o.label, 75), emoji: true }, value: o.value })),
    max_selected_items: Math.min(select.maxValues, select.options.length),
  };
}

/** Slack has no disabled buttons: a disabled one is left out. The menu follows the buttons. */
function actionBlocks(buttons: readonly CardButton[], select: CardSelect | undefined): KnownBlock[] {
  const enabled: (Button | MultiSelect)[] = buttons.filter((b) => b.disabled !== true).map(buttonElement);
  if (select) enabled.push(selectElement(select));
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < enabled.length; i += BLOCK_LIMITS.actionsElements) {
    blocks.push({ type: 'actions', elements: enabled.slice(i, i + BLOCK_LIMITS.actionsElements) });
  }
  return blocks;
}

function fallbackText(card: Card, header: string): string {
  const description = card.description ? toMrkdwn(card.description) : '';
  const title = toMrkdwn(header);
  return clipMrkdwn(description ? `${title}\n${description}` : title, BLOCK_LIMITS.fallbackText);
}

/**
 * The one Card → Block Kit renderer: header, description, fields, footer (context), buttons (actions, action_id =
 * the button id). The card's image is not a block: the caller uploads it (files.uploadV2) next to these blocks.
 */
export function renderBlocks(card: Card): SlackMessage {
  const header = headerText(card);
  const blocks: KnownBlock[] = [titleBlock(card, header)];
  if (card.description?.trim()) blocks.push(...textSections(toMrkdwn(card.description)));
  if (card.fields?.length) blocks.push(...fieldBlocks(card.fields));
  const actions = card.buttons?.length || card.select ? actionBlocks(card.buttons ?? [], card.select) : [];
  const footer: KnownBlock[] = card.footer?.trim()
    ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: clipMrkdwn(toMrkdwn(card.footer), BLOCK_LIMITS.contextText) }] }]
    : [];
  // Buttons and the footer matter more than the tail of a very long body, so the body gives way.
  const room = BLOCK_LIMITS.blocks - actions.length - footer.length;
  return { text: fallbackText(card, header), blocks: [...blocks.slice(0, room), ...footer, ...actions] };
}
