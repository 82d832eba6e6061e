import { DiscordAPIError, RESTJSONErrorCodes, type RepliableInteraction } from 'discord.js';
import { errorCard } from '../../commands/card.js';
import { isUserFacingError, UserFacingError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { renderReply } from './renderCard.js';

/** Turns anything thrown into a message fit for a user: our own errors as they are, Discord's by meaning. */
export function toUserFacing(error: unknown): UserFacingError | undefined {
  if (isUserFacingError(error)) return error;
  if (error instanceof DiscordAPIError) {
    if (error.code === RESTJSONErrorCodes.MissingPermissions || error.code === RESTJSONErrorCodes.MissingAccess) {
      return new UserFacingError(
        'missing_permissions',
        "I'm missing permissions here: I need **View Channel**, **Send Messages**, **Create Public Threads**, **Send Messages in Threads**, **Embed Links** and **Attach Files**. Ask an admin, or try another channel.",
        { cause: error },
      );
    }
  }
  return undefined;
}

/** The one place where interaction errors end up. */
export async function replyWithError(interaction: RepliableInteraction, error: unknown, logger: Logger): Promise<void> {
  const shown = toUserFacing(error);
  if (!shown) logger.error({ err: error, interaction: interaction.id }, 'interaction failed');
  const message = shown?.message ?? 'Something went wrong on my side. Please try again in a moment.';
  const payload = renderReply(errorCard(message));
  try {
    if (interaction.deferred || interaction.replied) await interaction.followUp(payload);
    else await interaction.reply(payload);
  } catch (replyError) {
    logger.warn({ err: replyError }, 'could not tell the user about an error');
  }
}
