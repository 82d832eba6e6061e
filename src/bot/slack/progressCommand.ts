import type { RespondFn, SlashCommand, webApi } from '@slack/bolt';
import { showProgress } from '../../commands/showProgress.js';
import { parseProgressArgs } from './commandText.js';
import { renderBlocks } from './renderBlocks.js';
import type { SlackContext } from './SlackContext.js';
import { slackUser, slackWorkspace } from './slackIds.js';

type WebClient = webApi.WebClient;

export const SENT_TO_DM = '📈 Your progress is in your DM with me (under *Apps*). To show it here, use `/progress public`.';

/**
 * `/progress [public] [role] [30d]`: the card and its chart go only to the caller (their DM with the bot) unless they
 * ask to share; without history, a short ephemeral note.
 */
export async function progressCommand(ctx: SlackContext, client: WebClient, command: SlashCommand, respond: RespondFn): Promise<void> {
  const args = parseProgressArgs(command.text);
  const card = await showProgress(ctx.services, {
    caller: slackUser(command.user_id, command.user_name),
    workspace: slackWorkspace(command.team_id, command.team_domain),
    public: args.public,
    ...(args.role !== undefined && { role: args.role }),
    ...(args.periodDays !== undefined && { periodDays: args.periodDays }),
  });
  const message = renderBlocks(card);
  const image = card.image;
  if (!image) {
    await respond({ response_type: args.public ? 'in_channel' : 'ephemeral', ...message });
    return;
  }
  const upload = { file: image.png, filename: image.name, title: 'Progress', alt_text: image.alt };
  if (args.public) {
    await client.files.uploadV2({ channel_id: command.channel_id, blocks: message.blocks, ...upload });
    return;
  }
  // Posting to a user id lands in the bot's DM with them (chat:write only) and tells us that DM's channel id.
  const dm = await client.chat.postMessage({ channel: command.user_id, ...message });
  if (dm.channel === undefined) throw new Error('chat.postMessage to a user returned no channel');
  await client.files.uploadV2({ channel_id: dm.channel, ...upload });
  if (dm.channel !== command.channel_id) await respond({ response_type: 'ephemeral', text: SENT_TO_DM });
}
