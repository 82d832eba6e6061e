import type { Attachment } from 'discord.js';
import { UserFacingError } from '../../errors.js';

/** Downloads a message attachment, refusing oversized files before reading them. */
export async function downloadAttachment(attachment: Attachment, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  if (attachment.size > maxBytes) {
    throw new UserFacingError('audio_too_large', `That file is ${(attachment.size / 1024 / 1024).toFixed(1)} MB; the limit is ${Math.round(maxBytes / 1024 / 1024)} MB.`);
  }
  const response = await fetch(attachment.url, { signal: signal ?? AbortSignal.timeout(30_000) });
  if (!response.ok) throw new UserFacingError('audio_unreadable', "I couldn't download that voice message. Please send it again.");
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > maxBytes) throw new UserFacingError('audio_too_large', `That file is too large; the limit is ${Math.round(maxBytes / 1024 / 1024)} MB.`);
  return bytes;
}
