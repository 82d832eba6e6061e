import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { UserFacingError } from '../errors.js';
import { shownInput } from './shownInput.js';

export interface ReadLimit {
  maxBytes: number;
  /** The refusal when the file is larger than `maxBytes` (stated size, or bytes actually read). */
  tooLarge(bytes: number): UserFacingError;
}

/**
 * Reads a file named on the command line without trusting it: stat first, regular files only (a device such as
 * /dev/zero never ends, a FIFO may never answer), refused by its stated size before any byte is read, then read as
 * a stream that stops one byte past the limit — files under /proc state size 0, and a file may grow meanwhile.
 */
export async function readInputFile(file: string, limit: ReadLimit): Promise<Buffer> {
  const shown = shownInput(file);
  const info = await stat(file).catch((error: unknown) => {
    throw new UserFacingError('file_unreadable', `Can't read ${shown}: ${describeFsError(error)}.`, { cause: error });
  });
  if (!info.isFile()) throw new UserFacingError('file_unreadable', `Can't read ${shown}: it is ${info.isDirectory() ? 'a folder' : 'not a regular file'}.`);
  if (info.size > limit.maxBytes) throw limit.tooLarge(info.size);
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    // `end` is inclusive: at most maxBytes + 1 bytes, enough to tell "too large" without reading the rest.
    for await (const chunk of createReadStream(file, { end: limit.maxBytes })) {
      const bytes = chunk as Buffer;
      received += bytes.byteLength;
      chunks.push(bytes);
    }
  } catch (error) {
    throw new UserFacingError('file_unreadable', `Can't read ${shown}: ${describeFsError(error)}.`, { cause: error });
  }
  if (received > limit.maxBytes) throw limit.tooLarge(received);
  return Buffer.concat(chunks, received);
}

function describeFsError(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return code || 'read failed';
}
