import type { MessageRef } from '../../messageRef.js';
import type { webApi } from '@slack/bolt';
import { decodeAudioFile } from '../../pipeline/audio/index.js';
import type { SessionRow } from '../../db/schema.js';
import { downloadSlackFile, fileTooLarge } from './downloadSlackFile.js';
import { admitAnswerer } from './sessionThread.js';
import { SLACK_REFUSALS } from './slackActor.js';
import type { SlackContext } from './SlackContext.js';
import type { SlackFileRef } from './slackFile.js';
import { guard } from './slackErrors.js';
import { mentionOf, slackUser, type SlackThread } from './slackIds.js';
import { SlackSurface } from './SlackSurface.js';

type WebClient = webApi.WebClient;

export interface ThreadAnswer {
  ctx: SlackContext;
  client: WebClient;
  session: SessionRow;
  thread: SlackThread;
  userId: string;
}

function surfaceFor(answer: ThreadAnswer): SlackSurface {
  return new SlackSurface(answer.client, answer.thread, { actorUserId: answer.userId, questions: answer.ctx.questions });
}

/** Slack sends message text with &, < and > entity-escaped. */
function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A typed reply in a round's thread. */
export async function answerWithText(answer: ThreadAnswer, text: string): Promise<void> {
  const { ctx, session, userId } = answer;
  const surface = surfaceFor(answer);
  await guard(ctx.logger, 'text answer', (card) => surface.post(card), async () => {
    const identity = slackUser(userId);
    await admitAnswerer(ctx.services, session, identity);
    await ctx.flow.submitAnswer({ sessionId: session.id, identity, input: { kind: 'text', text: unescapeSlackText(text) }, surface });
  });
}

/**
 * An audio clip or file in a round's thread: one status message is posted at once and edited in place through
 * download → decode → transcription → feedback. Each file id is handled once, whichever event brought it.
 */
export async function answerWithAudio(answer: ThreadAnswer, file: SlackFileRef, token: string): Promise<void> {
  const { ctx, session, userId } = answer;
  if (!ctx.seen.claim(`file:${file.id}`)) return;
  const surface = surfaceFor(answer);
  const identity = slackUser(userId);
  let status: MessageRef | undefined;
  // Errors edit the status message when there is one, so the thread never holds a stuck "⏳".
  const show = (card: Parameters<SlackSurface['post']>[0]) => (status === undefined ? surface.post(card) : surface.edit(status, card));
  await guard(ctx.logger, 'audio answer', show, async () => {
    await admitAnswerer(ctx.services, session, identity);
    await ctx.services.engine.requireParticipant(session.id, identity, SLACK_REFUSALS);
    status = await surface.post({ title: `⏳ Got your clip, ${mentionOf(userId)} — downloading…`, tone: 'progress' });
    const { config } = ctx;
    const maxBytes = config.MAX_AUDIO_BYTES;
    if (file.size !== undefined && file.size > maxBytes) throw fileTooLarge(file.size, maxBytes);
    if (file.urlPrivateDownload === undefined) throw new Error(`file ${file.id} has no download URL`);
    const downloaded = await downloadSlackFile(file.urlPrivateDownload, { token, maxBytes, trustedOrigins: ctx.trustedFileOrigins });
    const audio = await decodeAudioFile(downloaded.bytes, {
      contentType: downloaded.contentType || file.mimetype,
      fileName: file.name,
      maxDurationSec: config.MAX_ANSWER_SECONDS,
      maxBytes,
    });
    if (status) surface.adopt(status);
    await ctx.flow.submitAnswer({ sessionId: session.id, identity, input: { kind: 'audio', inputKind: 'audio_clip', audio }, surface });
  });
}
