import { ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, MessageFlags, StringSelectMenuBuilder, type InteractionReplyOptions } from 'discord.js';
import type { Card, CardButton, CardSelect, CardTone, ButtonStyle as CardButtonStyle } from '../../commands/card.js';
import { safeEnd } from '../../commands/format.js';

const TONE_COLORS: Record<CardTone, number> = {
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  error: 0xed4245,
  progress: 0x99aab5,
};

const BUTTON_STYLES: Record<CardButtonStyle, ButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, safeEnd(text, max - 1))}…`);

export interface DiscordPayload {
  embeds: EmbedBuilder[];
  components: ActionRowBuilder<ButtonBuilder | StringSelectMenuBuilder>[];
  files: AttachmentBuilder[];
}

/** The one Card → Discord renderer: an embed (limits respected), button rows, attached image. */
export function renderCard(card: Card): DiscordPayload {
  const embed = new EmbedBuilder().setTitle(cut(card.title, 256)).setColor(TONE_COLORS[card.tone ?? 'info']);
  if (card.description) embed.setDescription(cut(card.description, 4096));
  const fields = (card.fields ?? []).slice(0, 25).map((f) => ({ name: cut(f.name, 256), value: cut(f.value || '—', 1024), inline: f.inline ?? false }));
  if (fields.length) embed.addFields(fields);
  if (card.footer) embed.setFooter({ text: cut(card.footer, 2048) });
  const files: AttachmentBuilder[] = [];
  if (card.image) {
    files.push(new AttachmentBuilder(card.image.png, { name: card.image.name, description: cut(card.image.alt, 1024) }));
    embed.setImage(`attachment://${card.image.name}`);
  }
  const components: ActionRowBuilder<ButtonBuilder | StringSelectMenuBuilder>[] = [];
  for (const buttons of buttonRows(card.buttons ?? []).slice(0, card.select ? MAX_ROWS - 1 : MAX_ROWS)) {
    const row = new ActionRowBuilder<ButtonBuilder | StringSelectMenuBuilder>();
    for (const b of buttons) {
      const button = new ButtonBuilder().setCustomId(b.id).setLabel(cut(b.label, 80)).setStyle(BUTTON_STYLES[b.style ?? 'secondary']).setDisabled(b.disabled ?? false);
      if (b.emoji) button.setEmoji(b.emoji);
      row.addComponents(button);
    }
    components.push(row);
  }
  if (card.select) components.push(new ActionRowBuilder<ButtonBuilder | StringSelectMenuBuilder>().addComponents(selectMenu(card.select)));
  return { embeds: [embed], components, files };
}

/** Discord: at most 5 action rows on a message, at most 5 buttons in a row. */
const MAX_ROWS = 5;
const ROW_BUTTONS = 5;

/** Rows of up to five buttons; a button of another group than the one before it starts a new row. */
function buttonRows(buttons: readonly CardButton[]): CardButton[][] {
  const rows: CardButton[][] = [];
  buttons.forEach((button, i) => {
    const row = rows.at(-1);
    if (row && row.length < ROW_BUTTONS && buttons[i - 1]?.group === button.group) row.push(button);
    else rows.push([button]);
  });
  return rows;
}

/** A menu in its own row (Discord: a select menu takes a whole action row). */
function selectMenu(select: CardSelect): StringSelectMenuBuilder {
  return new StringSelectMenuBuilder()
    .setCustomId(select.id)
    .setPlaceholder(cut(select.placeholder, 150))
    .setMinValues(select.minValues)
    .setMaxValues(Math.min(select.maxValues, select.options.length))
    .addOptions(select.options.slice(0, 25).map((o) => ({ label: cut(o.label, 100), value: o.value })));
}

/** An interaction reply: the card, ephemeral when the card asks for it. */
export function renderReply(card: Card): InteractionReplyOptions {
  return card.ephemeral ? { ...renderCard(card), flags: MessageFlags.Ephemeral } : renderCard(card);
}

/** A message edit: the card, replacing any earlier attachments. */
export function renderEdit(card: Card): DiscordPayload & { attachments: [] } {
  return { ...renderCard(card), attachments: [] };
}
