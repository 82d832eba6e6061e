import type { Interaction } from 'discord.js';
import { bankCategories } from '../../../pipeline/questions/questionBank.js';
import { isRole } from '../../../pipeline/questions/types.js';
import type { BotContext } from '../BotContext.js';
import { drill } from '../commands/drill.js';
import { mockInterview } from '../commands/mockInterview.js';
import { forgetMe, history, progress, shareProgress, stop } from '../commands/simpleCommands.js';
import { replyWithError } from '../errors.js';
import { handleButton } from './buttons.js';
import { handleModal } from './modals.js';
import { handleRating } from './ratings.js';

const COMMANDS = {
  'mock-interview': mockInterview,
  drill,
  progress,
  history,
  stop,
  'share-progress': shareProgress,
  'forget-me': forgetMe,
} as const;

function isCommandName(name: string): name is keyof typeof COMMANDS {
  return name in COMMANDS;
}

/** Dispatches each interaction kind to its module; every error ends in replyWithError. */
export async function routeInteraction(interaction: Interaction, ctx: BotContext): Promise<void> {
  if (interaction.isAutocomplete()) {
    const role = interaction.options.getString('role') ?? '';
    const typed = interaction.options.getFocused().toLowerCase().split(',').pop()?.trim() ?? '';
    const categories = isRole(role) ? bankCategories(role) : [];
    await interaction.respond(categories.filter((c) => c.toLowerCase().includes(typed)).slice(0, 25).map((c) => ({ name: c, value: c }))).catch(() => undefined);
    return;
  }
  if (!interaction.isRepliable()) return;
  try {
    if (interaction.isChatInputCommand()) {
      const name = interaction.commandName;
      if (isCommandName(name)) await COMMANDS[name](interaction, ctx);
    } else if (interaction.isButton()) {
      if (!(await handleRating(interaction, ctx))) await handleButton(interaction, ctx);
    } else if (interaction.isStringSelectMenu()) {
      await handleRating(interaction, ctx);
    } else if (interaction.isModalSubmit()) {
      await handleModal(interaction, ctx);
    }
  } catch (error) {
    await replyWithError(interaction, error, ctx.logger);
  }
}
