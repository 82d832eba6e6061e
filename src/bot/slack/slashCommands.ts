import type { App, RespondFn } from '@slack/bolt';
import { renderBlocks } from './renderBlocks.js';
import { parseRoundArgs } from './commandText.js';
import { progressCommand } from './progressCommand.js';
import type { SlackContext } from './SlackContext.js';
import { guard, type ShowError } from './slackErrors.js';
import { startRound } from './startRound.js';

export const COMMANDS = { interview: '/mock-interview', drill: '/drill', progress: '/progress' } as const;

/** Errors from a slash command go back through its response_url, visible only to the caller. */
function showEphemerally(respond: RespondFn): ShowError {
  return (card) => respond({ response_type: 'ephemeral', ...renderBlocks(card) });
}

/** Each command acks at once (Slack's 3-second limit), then does the slow part. */
export function registerSlashCommands(app: App, ctx: SlackContext): void {
  app.command(COMMANDS.interview, async ({ command, ack, respond, client }) => {
    await ack();
    await guard(ctx.logger, COMMANDS.interview, showEphemerally(respond), async () => {
      await startRound(ctx, client, command, 'interview', parseRoundArgs(command.text, COMMANDS.interview, { allowCount: true }));
    });
  });

  app.command(COMMANDS.drill, async ({ command, ack, respond, client }) => {
    await ack();
    await guard(ctx.logger, COMMANDS.drill, showEphemerally(respond), async () => {
      await startRound(ctx, client, command, 'drill', parseRoundArgs(command.text, COMMANDS.drill, { allowCount: false }));
    });
  });

  app.command(COMMANDS.progress, async ({ command, ack, respond, client }) => {
    await ack();
    await guard(ctx.logger, COMMANDS.progress, showEphemerally(respond), async () => {
      await progressCommand(ctx, client, command, respond);
    });
  });
}
