import type { App } from '@slack/bolt';
import { sessionInThread } from './sessionThread.js';
import type { SlackContext } from './SlackContext.js';
import { isAudioFile, readSlackFile } from './slackFile.js';
import { answerWithAudio } from './threadAnswers.js';

/**
 * `file_shared` carries only a file id. Slack may send it as well as the `message`/`file_share` event, or (with
 * only files:read granted) instead of it; files.info says which threads the file was shared into. Whichever event
 * reaches the file first answers with it; the other finds the id already claimed.
 */
export function registerFileEvents(app: App, ctx: SlackContext): void {
  app.event('file_shared', async ({ event, client, context }) => {
    // The bot's own uploads (progress charts) fire file_shared too.
    if (event.user_id === context.botUserId || ctx.seen.has(`file:${event.file_id}`)) return;
    const info = await client.files.info({ file: event.file_id }).catch((error: unknown) => {
      ctx.logger.warn({ err: error, file: event.file_id }, 'files.info failed');
      return undefined;
    });
    const file = readSlackFile(info?.file);
    if (!file || !isAudioFile(file)) return;
    const thread = file.threads.find((t) => t.channel === event.channel_id) ?? file.threads[0];
    if (!thread) return;
    const session = await sessionInThread(ctx.services, thread);
    if (!session) return;
    const token = context.botToken ?? ctx.config.SLACK_BOT_TOKEN ?? '';
    await answerWithAudio({ ctx, client, session, thread, userId: event.user_id }, file, token);
  });
}
