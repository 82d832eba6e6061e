import { MessageFlags, type Attachment, type Message } from 'discord.js';
import { openDrill } from '../../commands/drill.js';
import { errorCard } from '../../commands/card.js';
import { decodeAudioFile } from '../../pipeline/audio/index.js';
import type { AnswerAudio } from '../../pipeline/audio/types.js';
import type { AnswerInput } from '../../session/answerTypes.js';
import type { BotContext } from './BotContext.js';
import { downloadAttachment } from './downloadAttachment.js';
import { discordUserError } from './errors.js';
import { userIdentity } from './identity.js';
import { renderCard } from './renderCard.js';
import { ThreadSurface } from './ThreadSurface.js';
import { discordLocationOf } from './discordLocation.js';
import type { SessionId } from '../../ids.js';

async function voiceAudio(message: Message, ctx: BotContext): Promise<AnswerAudio> {
  const attachment = message.attachments.find(isAudioFile) ?? message.attachments.first();
  if (!attachment) throw new Error('voice message without attachment');
  const bytes = await downloadAttachment(attachment, ctx.config.MAX_AUDIO_BYTES);
  return decodeAudioFile(bytes, {
    contentType: attachment.contentType ?? undefined,
    fileName: attachment.name,
    maxDurationSec: ctx.config.MAX_ANSWER_SECONDS,
    maxBytes: ctx.config.MAX_AUDIO_BYTES,
  });
}

function isVoiceMessage(message: Message): boolean {
  return message.flags.has(MessageFlags.IsVoiceMessage) && message.attachments.size > 0;
}

/** An uploaded recording (m4a from a phone, webm, ogg, wav): audio, or video containers that hold it. */
function isAudioFile(attachment: Attachment): boolean {
  const type = attachment.contentType ?? '';
  return type.startsWith('audio/') || type === 'video/mp4' || type === 'video/webm' || /\.(m4a|mp4|ogg|oga|opus|webm|wav|mp3|flac)$/i.test(attachment.name);
}

const NOT_AN_ANSWER = 'I can score a typed answer or a voice message (or an uploaded audio recording) — not that file. Reply with text or a voice message.';

/** Text and voice-message answers in a session thread, and voice messages in DM for an open drill. */
export async function handleMessage(message: Message, ctx: BotContext): Promise<void> {
  if (message.author.bot || message.system) return;
  const voice = isVoiceMessage(message);
  if (!message.inGuild()) {
    if (voice) await answerDrillByDm(message, ctx);
    return;
  }
  if (!message.channel.isThread()) return;
  const session = await ctx.services.engine.findOpen(discordLocationOf(message.channel));
  if (!session) return;
  // "@Interview Coach my answer" works even without Message Content; the mention is not part of the answer.
  const text = withoutMentionOf(message.content, ctx.client.user?.id).trim();
  const noText = text === '';
  // A file without text is an answer too (a recording), or at least deserves a reply rather than silence.
  const upload = !voice && noText && message.attachments.size > 0;
  if (!message.channel.isSendable()) return;
  const surface = new ThreadSurface(message.channel);
  if (!voice && !upload && noText) {
    if (!ctx.messageContent) await hintOnce(ctx, session.id, message.author.id, surface);
    return;
  }
  if (upload && !message.attachments.some(isAudioFile)) {
    await surface.post(errorCard(NOT_AN_ANSWER)).catch(() => undefined);
    return;
  }
  let input: AnswerInput;
  try {
    input =
      voice || upload
        ? { kind: 'audio', inputKind: voice ? 'voice_message' : 'audio_clip', audio: await voiceAudio(message, ctx) }
        : { kind: 'text', text };
  } catch (error) {
    const shown = discordUserError(error, ctx.logger, { where: 'voice message', sessionId: session.id });
    await surface.post(errorCard(shown.message)).catch(() => undefined);
    return;
  }
  await ctx.flow.submitAnswer({ sessionId: session.id, identity: userIdentity(message.author), input, surface });
}

function withoutMentionOf(content: string, botId: string | undefined): string {
  return botId ? content.replace(new RegExp(`<@!?${botId}>`, 'g'), '') : content;
}

/**
 * Without Message Content every message here arrives empty: rather than ignore people, tell each of them once per
 * round what works.
 */
async function hintOnce(ctx: BotContext, sessionId: SessionId, userId: string, surface: ThreadSurface): Promise<void> {
  const key = `${sessionId}:${userId}`;
  if (ctx.contentHints.has(key)) return;
  ctx.contentHints.add(key);
  const inRound = (await ctx.services.engine.participants(sessionId)).some((p) => p.platformUserId === userId);
  const mention = ctx.client.user ? `<@${ctx.client.user.id}>` : 'me';
  const how = inRound ? 'Press **Answer in text** on the question' : 'Press **Join** on the round card, then **Answer in text** on the question';
  const description = [
    `<@${userId}>, I can't read messages in this thread: this bot runs without Discord's Message Content permission.`,
    `${how}, or start your message with ${mention}.`,
    'An admin can enable Message Content for the bot in the Discord Developer Portal.',
  ].join('\n');
  await surface.post({ title: "💡 I can't read that", description, tone: 'info' }).catch((err: unknown) => ctx.logger.warn({ err }, 'could not post the answer hint'));
}

async function answerDrillByDm(message: Message, ctx: BotContext): Promise<void> {
  const caller = userIdentity(message.author);
  const drill = await openDrill(ctx.services, caller, 'discord');
  if (!message.channel.isSendable()) return;
  if (!drill) {
    await message.channel.send(renderCard({ title: 'No drill open', description: 'Start one with `/drill role:<role>`, then send your voice message here.', tone: 'info' }));
    return;
  }
  const surface = new ThreadSurface(message.channel, { mention: () => 'you' });
  let audio: AnswerAudio;
  try {
    audio = await voiceAudio(message, ctx);
  } catch (error) {
    const shown = discordUserError(error, ctx.logger, { where: 'drill voice answer', sessionId: drill.id });
    await surface.post(errorCard(shown.message)).catch(() => undefined);
    return;
  }
  await ctx.flow.submitAnswer({ sessionId: drill.id, identity: caller, input: { kind: 'audio', inputKind: 'voice_message', audio }, surface });
}
