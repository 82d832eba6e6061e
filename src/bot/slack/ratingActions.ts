import type { App, BlockAction } from '@slack/bolt';
import { parseRatingId, rateAnswer } from '../../commands/peerRatings.js';
import { UserFacingError } from '../../errors.js';
import { renderBlocks } from './renderBlocks.js';
import { slackUser } from './slackIds.js';
import { SLACK_REFUSALS } from './slackActor.js';
import type { SlackContext } from './SlackContext.js';
import { guard } from './slackErrors.js';

/** The chosen values of a multi-select action (none for a button). */
function selectedValues(action: BlockAction['actions'][number]): string[] {
  return action.type === 'multi_static_select' ? action.selected_options.map((o) => o.value) : [];
}

/**
 * The star buttons and tags menu on a group round's feedback reply (`icr:<answerId>:…`): the core decides
 * (canRate); the acknowledgement or refusal goes only to the person who clicked, in the thread.
 */
export function registerRatingActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction>(/^icr:/, async ({ ack, body, action, client }) => {
    await ack();
    const userId = body.user.id;
    const channel = body.channel?.id;
    const threadTs = body.message?.thread_ts ?? body.message?.ts;
    const show = async (card: Parameters<typeof renderBlocks>[0]) => {
      if (channel === undefined) return;
      await client.chat.postEphemeral({ channel, user: userId, ...(threadTs !== undefined && { thread_ts: threadTs }), ...renderBlocks(card) });
    };
    await guard(ctx.logger, 'rating', show, async () => {
      const parsed = parseRatingId(action.action_id);
      if (!parsed) throw new UserFacingError('unknown_action', "That button doesn't do anything on Slack.");
      await show(await rateAnswer(ctx.services, slackUser(userId), parsed, selectedValues(action), SLACK_REFUSALS));
    });
  });
}
