import { MessageFlags, type Attachment, type Message } from 'discord.js';
import { answerDrill, openDrill } from '../../commands/drill.js';
import { errorCard } from '../../commands/card.js';
import { progressCard } from '../../commands/cards/statusCards.js';
import { decodeAudioFile } from '../../pipeline/audio/index.js';
import type { AnswerAudio } from '../../pipeline/audio/types.js';
import type { AnswerInput } from '../../session/answerTypes.js';
import type { BotContext } from './BotContext.js';
import { downloadAttachment } from './downloadAttachment.js';
import { toUserFacing } from './errors.js';
import { userIdentity } from './identity.js';
import { renderCard, renderEdit } from './renderCard.js';
import { ThreadSurface } from './ThreadSurface.js';

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
  const session = ctx.services.engine.findOpen(message.channelId);
  if (!session || session.threadId !== message.channelId) return;
  const noText = message.content.trim() === '';
  // A file without text is an answer too (a recording), or at least deserves a reply rather than silence.
  const upload = !voice && noText && message.attachments.size > 0;
  if (!voice && !upload && noText) return;
  if (!message.channel.isSendable()) return;
  const surface = new ThreadSurface(message.channel);
  if (upload && !message.attachments.some(isAudioFile)) {
    await surface.post(errorCard(NOT_AN_ANSWER)).catch(() => undefined);
    return;
  }
  let input: AnswerInput;
  try {
    input =
      voice || upload
        ? { kind: 'audio', inputKind: voice ? 'voice_message' : 'audio_clip', audio: await voiceAudio(message, ctx) }
        : { kind: 'text', text: message.content };
  } catch (error) {
    const shown = toUserFacing(error);
    if (!shown) ctx.logger.error({ err: error }, 'could not read a voice message');
    await surface.post(errorCard(shown?.message ?? "I couldn't read that voice message. Please try again.")).catch(() => undefined);
    return;
  }
  await ctx.flow.submitAnswer({ sessionId: session.id, identity: userIdentity(message.author), input, surface });
}

async function answerDrillByDm(message: Message, ctx: BotContext): Promise<void> {
  const caller = userIdentity(message.author);
  const drill = openDrill(ctx.services, caller);
  if (!message.channel.isSendable()) return;
  if (!drill) {
    await message.channel.send(renderCard({ title: 'No drill open', description: 'Start one with `/drill role:<role>`, then send your voice message here.', tone: 'info' }));
    return;
  }
  const status = await message.channel.send(renderCard(progressCard('you', { stage: 'received' })));
  try {
    const audio = await voiceAudio(message, ctx);
    const { card } = await answerDrill(ctx.services, drill.id, caller, { kind: 'audio', inputKind: 'voice_message', audio }, 'You', async (progress) => {
      if (progress.stage !== 'done') await status.edit(renderEdit(progressCard('you', progress))).catch(() => undefined);
    });
    await status.edit(renderEdit(card));
  } catch (error) {
    const shown = toUserFacing(error);
    if (!shown) ctx.logger.error({ err: error }, 'drill voice answer failed');
    await status.edit(renderEdit(errorCard(shown?.message ?? 'Something went wrong while scoring that answer.'))).catch(() => undefined);
  }
}
