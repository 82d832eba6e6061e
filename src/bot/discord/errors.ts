import { DiscordAPIError, RESTJSONErrorCodes, type RepliableInteraction } from 'discord.js';
import { errorCard } from '../../commands/card.js';
import { UserFacingError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { toUserError, type ErrorContext } from '../../toUserError.js';
import { renderReply } from './renderCard.js';

/** Discord's own failures by meaning; everything else is left to the core mapping. */
export function discordErrors(error: unknown): UserFacingError | undefined {
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

/** The core mapping with Discord's translator: what a Discord user is shown for `error` (unexpected ones logged once). */
export function discordUserError(error: unknown, logger: Logger, context: ErrorContext = {}): UserFacingError {
  return toUserError(error, { logger, context, platform: discordErrors });
}

/** The one place where interaction errors end up. */
export async function replyWithError(interaction: RepliableInteraction, error: unknown, logger: Logger): Promise<void> {
  const shown = discordUserError(error, logger, { where: 'interaction', eventId: interaction.id });
  const payload = renderReply(errorCard(shown.message));
  try {
    if (interaction.deferred || interaction.replied) await interaction.followUp(payload);
    else await interaction.reply(payload);
  } catch (replyError) {
    logger.warn({ err: replyError }, 'could not tell the user about an error');
  }
}
