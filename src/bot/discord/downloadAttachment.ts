import type { Attachment } from 'discord.js';
import { UserFacingError } from '../../errors.js';
import { audioTooLarge } from '../../pipeline/audio/audioErrors.js';

/**
 * Downloads a message attachment, refusing oversized files before reading them: by the size Discord states, then
 * by the download's Content-Length, then by counting bytes as they arrive, so a wrong stated size cannot fill
 * memory either.
 */
export async function downloadAttachment(attachment: Pick<Attachment, 'size' | 'url'>, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  // The decoder's wording, so a 1.5 MB limit is not shown rounded to "2 MB".
  if (attachment.size > maxBytes) throw audioTooLarge(attachment.size, maxBytes);
  const response = await fetch(attachment.url, { signal: signal ?? AbortSignal.timeout(30_000) });
  if (!response.ok || !response.body) throw new UserFacingError('audio_unreadable', "I couldn't download that voice message. Please send it again.");
  // The CDN's own statement of the size, when it gives one, refuses a file Discord described wrongly unread.
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel();
    throw audioTooLarge(declared, maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw audioTooLarge(received, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
