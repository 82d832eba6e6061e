import type { App, BlockAction } from '@slack/bolt';
import { parseActionId } from '../../commands/actionIds.js';
import { UserFacingError } from '../../errors.js';
import { renderBlocks } from './renderBlocks.js';
import { slackActor, SLACK_REFUSALS } from './slackActor.js';
import { threadOfSession } from './sessionThread.js';
import type { SlackContext } from './SlackContext.js';
import { guard } from './slackErrors.js';
import type { SlackThread } from './slackIds.js';
import { SlackSurface } from './SlackSurface.js';
import { REPLAY_SENT_TO_DM, sendReplayToDm } from './replayAction.js';

const CONTROLS = ['repeat', 'skip', 'end'] as const;
type Control = (typeof CONTROLS)[number];

function isControl(action: string): action is Control {
  return (CONTROLS as readonly string[]).includes(action);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Where the clicked message sits: its thread, if it is a reply. */
function clickedThread(body: BlockAction): SlackThread | undefined {
  const channel = body.channel?.id ?? str(body.container.channel_id);
  const threadTs = str(body.container.thread_ts) ?? str(body.message?.thread_ts) ?? body.message?.ts;
  return channel !== undefined && threadTs !== undefined ? { channel, threadTs } : undefined;
}

/**
 * Repeat / Skip / End under a question (`ic:<action>:<sessionId>`) and "Hear it without the ums" under feedback
 * (`ic:replay:<answerId>`); errors go only to the person who clicked.
 */
export function registerBlockActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction>(/^ic:/, async ({ ack, body, action, client }) => {
    await ack();
    const userId = body.user.id;
    const clicked = clickedThread(body);
    const show = async (card: Parameters<SlackSurface['post']>[0]) => {
      if (!clicked) return;
      await client.chat.postEphemeral({ channel: clicked.channel, thread_ts: clicked.threadTs, user: userId, ...renderBlocks(card) });
    };
    await guard(ctx.logger, 'button', show, async () => {
      const parsed = parseActionId(action.action_id);
      if (parsed?.action === 'replay') {
        const { dmChannel } = await sendReplayToDm(ctx, client, userId, parsed.answerId);
        if (clicked && clicked.channel !== dmChannel) await client.chat.postEphemeral({ channel: clicked.channel, thread_ts: clicked.threadTs, user: userId, text: REPLAY_SENT_TO_DM });
        return;
      }
      if (!parsed?.sessionId || !isControl(parsed.action)) throw new UserFacingError('unknown_action', "That button doesn't do anything on Slack.");
      const { engine } = ctx.services;
      const session = await engine.requireControl(parsed.sessionId, slackActor(userId), parsed.action, SLACK_REFUSALS);
      if (ctx.questions.isStale(session.id, body.message?.ts)) {
        throw new UserFacingError('stale_question', 'That question is already behind us — use the buttons on the latest one.');
      }
      const thread = threadOfSession(session) ?? clicked;
      if (!thread) throw new Error(`session ${session.id} has no thread`);
      const surface = new SlackSurface(client, thread, { actorUserId: userId, questions: ctx.questions });
      await ctx.flow.control(session.id, parsed.action, surface, body.message?.ts);
    });
  });
}
