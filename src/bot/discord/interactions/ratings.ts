import type { ButtonInteraction, StringSelectMenuInteraction } from 'discord.js';
import { parseRatingId, rateAnswer } from '../../../commands/peerRatings.js';
import { DISCORD_REFUSALS } from '../actor.js';
import type { BotContext } from '../BotContext.js';
import { userIdentity } from '../identity.js';
import { renderReply } from '../renderCard.js';

/**
 * A star button or the tags menu on a group round's feedback card: the core decides (canRate), the person who
 * clicked gets a private acknowledgement or refusal. Returns false for components that are not rating controls.
 */
export async function handleRating(interaction: ButtonInteraction | StringSelectMenuInteraction, ctx: BotContext): Promise<boolean> {
  const action = parseRatingId(interaction.customId);
  if (!action) return false;
  const tags = interaction.isStringSelectMenu() ? interaction.values : [];
  const card = await rateAnswer(ctx.services, userIdentity(interaction.user), action, tags, DISCORD_REFUSALS);
  await interaction.reply(renderReply(card));
  return true;
}
