import type { App } from '@slack/bolt';
import { sessionInThread } from './sessionThread.js';
import type { SlackContext } from './SlackContext.js';
import { isAudioFile, readSlackFiles, type SlackFileRef } from './slackFile.js';
import { threadLocation } from './slackIds.js';
import { answerWithAudio, answerWithText, type ThreadAnswer } from './threadAnswers.js';

/** A person's reply in some thread, read from a `message` event; undefined for anything else. */
export interface ThreadReply {
  channel: string;
  ts: string;
  threadTs: string;
  user: string;
  text: string;
  files: SlackFileRef[];
}

const ANSWER_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function readThreadReply(event: object): ThreadReply | undefined {
  const fields: Record<string, unknown> = { ...event };
  const subtype = str(fields.subtype);
  if (!ANSWER_SUBTYPES.has(subtype) || fields.bot_id !== undefined) return undefined;
  const channel = str(fields.channel);
  const ts = str(fields.ts);
  const threadTs = str(fields.thread_ts);
  const user = str(fields.user);
  if (!channel || !ts || !threadTs || !user || threadTs === ts) return undefined;
  return { channel, ts, threadTs, user, text: str(fields.text) ?? '', files: readSlackFiles(fields.files) };
}

/** A reply in the thread of a round that is over gets told so (only the person sees it) instead of silence. */
function endedHint(kind: string, role: string): string {
  return kind === 'drill'
    ? `This drill is done — ask for another with \`/drill ${role}\`.`
    : 'This round has ended — start a new one with `/mock-interview`.';
}

const NOT_AUDIO = "That file isn't audio I can score. Reply with an audio clip (🎙 in the message box), an audio file, or text.";

/** Replies in a round's thread are answers: audio clips and files first, else the text. */
export function registerThreadMessages(app: App, ctx: SlackContext): void {
  app.event('message', async ({ event, client, context }) => {
    const reply = readThreadReply(event);
    if (!reply) return;
    const thread = { channel: reply.channel, threadTs: reply.threadTs };
    const session = await sessionInThread(ctx.services, thread);
    if (!session) {
      const ended = await ctx.services.repos.sessions.findLatestAt(threadLocation(thread));
      if (ended && ctx.seen.claim(`message:${reply.channel}:${reply.ts}`)) {
        await client.chat
          .postEphemeral({ channel: reply.channel, thread_ts: reply.threadTs, user: reply.user, text: endedHint(ended.kind, ended.role) })
          .catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not post a hint'));
      }
      return;
    }
    // Slack retries events it thinks were missed; each message is an answer once.
    if (!ctx.seen.claim(`message:${reply.channel}:${reply.ts}`)) return;
    const answer: ThreadAnswer = { ctx, client, session, thread, userId: reply.user };
    const audio = reply.files.filter(isAudioFile);
    const token = context.botToken ?? ctx.config.SLACK_BOT_TOKEN ?? '';
    if (audio[0]) {
      // One answer per message: a second clip in the same message would be a second answer to one question.
      await answerWithAudio(answer, audio[0], token);
    } else if (reply.text.trim() !== '') {
      await answerWithText(answer, reply.text);
    } else if (reply.files.length > 0) {
      await client.chat
        .postEphemeral({ channel: reply.channel, thread_ts: reply.threadTs, user: reply.user, text: NOT_AUDIO })
        .catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not post a hint'));
    }
  });
}
