import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { acquireFileLock } from './fileLock.js';
import { sha256File } from './hashFile.js';
import { ModelDownloadError, isModelDownloadError } from './ModelDownloadError.js';

export interface DownloadProgress {
  /** `waiting`: another process holds the lock (its .part size is reported); `verifying`: hashing. */
  phase: 'waiting' | 'downloading' | 'verifying';
  bytesDone: number;
  bytesTotal: number | null;
}

export interface DownloadRequest {
  url: string;
  sha256: string;
  /** Expected size; null takes the server's word for it (the digest still decides). */
  bytes: number | null;
  /** Final path; the transfer goes to `<dest>.part`, the lock is `<dest>.lock`. */
  dest: string;
  /** Abandon a connection that delivers nothing for this long. */
  stallMs: number;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Automatic resumes after a dropped connection. Default 3. */
  retries?: number;
  /** How often a waiter looks at the lock. Default 250 ms. */
  lockPollMs?: number;
}

/**
 * Fetches a model to `dest`: streamed into `<dest>.part`, resumed with an HTTP Range request when a .part
 * exists, one process at a time (a lock file beside it; a waiter finds the finished file), and renamed into
 * place only after its size and sha256 match. Any failure leaves nothing under `dest` and throws one
 * ModelDownloadError; a dropped or stalled transfer keeps its .part for the next try.
 */
export async function downloadModel(request: DownloadRequest): Promise<void> {
  const { dest } = request;
  await mkdir(path.dirname(dest), { recursive: true }).catch((error: unknown) => {
    throw diskError(request, error);
  });
  const part = `${dest}.part`;
  const lock = await acquireFileLock(`${dest}.lock`, {
    signal: request.signal,
    pollMs: request.lockPollMs,
    onWait: async () => request.onProgress?.({ phase: 'waiting', bytesDone: (await sizeOf(part)) ?? 0, bytesTotal: request.bytes }),
  }).catch((error: unknown) => {
    if (request.signal?.aborted) throw aborted(request);
    throw diskError(request, error);
  });
  try {
    // Another process may have finished it while this one waited.
    if (await isComplete(dest, request.bytes)) return;
    const retries = request.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        await transfer(request, part);
        break;
      } catch (error) {
        if (isModelDownloadError(error) && error.code === 'interrupted' && attempt < retries) continue;
        throw error;
      }
    }
    await verifyAndPlace(request, part);
  } finally {
    await lock.release();
  }
}

/** The final file exists (and has the expected size, when one is known). */
export async function isComplete(file: string, bytes: number | null): Promise<boolean> {
  const size = await sizeOf(file);
  return size !== undefined && (bytes === null || size === bytes);
}

async function transfer(request: DownloadRequest, part: string): Promise<void> {
  let have = (await sizeOf(part)) ?? 0;
  const { bytes } = request;
  if (bytes !== null && have > bytes) {
    await rm(part, { force: true });
    have = 0;
  }
  if (bytes !== null && bytes > 0 && have === bytes) return;

  const controller = new AbortController();
  const onAbort = () => controller.abort(request.signal?.reason);
  request.signal?.addEventListener('abort', onAbort, { once: true });
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, request.stallMs);
  };
  const failure = (error: unknown, phase: 'connect' | 'body'): ModelDownloadError => {
    if (isModelDownloadError(error)) return error;
    if (request.signal?.aborted) return aborted(request);
    if (stalled) return stalledError(request);
    return phase === 'connect' ? offlineError(request, error) : interruptedError(request, have, bytes);
  };
  arm();
  try {
    let response: Response;
    try {
      response = await fetch(request.url, {
        headers: have > 0 ? { range: `bytes=${have}-` } : {},
        redirect: 'follow',
        signal: controller.signal,
      });
    } catch (error) {
      throw failure(error, 'connect');
    }
    if (response.status === 416 && have > 0) {
      // The server has nothing past what the .part holds: it is complete, or wrong — the digest decides.
      await response.body?.cancel();
      return;
    }
    if (response.status === 206) {
      const start = contentRangeStart(response.headers.get('content-range'));
      if (start !== have) {
        // A range we did not ask for: start over rather than splice the wrong bytes.
        await response.body?.cancel();
        await rm(part, { force: true });
        throw interruptedError(request, 0, bytes);
      }
    } else if (response.status === 200) {
      have = 0;
    } else {
      await response.body?.cancel().catch(() => undefined);
      throw httpError(request, response.status);
    }
    const total = bytes ?? serverTotal(response, have);
    const handle = await open(part, have > 0 ? 'a' : 'w').catch((error: unknown) => {
      throw diskError(request, error);
    });
    try {
      request.onProgress?.({ phase: 'downloading', bytesDone: have, bytesTotal: total });
      if (!response.body) throw interruptedError(request, have, total);
      try {
        for await (const chunk of response.body) {
          arm();
          await handle.write(chunk).catch((error: unknown) => {
            throw diskError(request, error);
          });
          have += chunk.byteLength;
          request.onProgress?.({ phase: 'downloading', bytesDone: have, bytesTotal: total });
        }
      } catch (error) {
        throw failure(error, 'body');
      }
      await handle.sync().catch(() => undefined);
    } finally {
      await handle.close().catch(() => undefined);
    }
    // A clean end before the expected size is a dropped transfer too.
    if (total !== null && have < total) throw interruptedError(request, have, total);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}

async function verifyAndPlace(request: DownloadRequest, part: string): Promise<void> {
  const size = (await sizeOf(part)) ?? 0;
  request.onProgress?.({ phase: 'verifying', bytesDone: size, bytesTotal: request.bytes ?? size });
  const name = path.basename(request.dest);
  if (request.bytes !== null && size !== request.bytes) {
    await rm(part, { force: true });
    throw new ModelDownloadError(
      'checksum',
      `The downloaded speech model ${name} has ${size.toLocaleString('en-US')} bytes, expected ${request.bytes.toLocaleString('en-US')}; it was deleted. Check WHISPER_MODEL_URL / WHISPER_MODEL_BYTES.`,
    );
  }
  const digest = await sha256File(part).catch((error: unknown) => {
    throw diskError(request, error);
  });
  if (digest !== request.sha256) {
    await rm(part, { force: true });
    throw new ModelDownloadError(
      'checksum',
      `The downloaded speech model ${name} failed its checksum (sha256 ${digest.slice(0, 12)}…, expected ${request.sha256.slice(0, 12)}…); it was deleted.`,
    );
  }
  await rename(part, request.dest).catch((error: unknown) => {
    throw diskError(request, error);
  });
}

function contentRangeStart(header: string | null): number | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? '');
  return match ? Number(match[1]) : null;
}

/** The size the server announces: Content-Range's total on a 206, else Content-Length. */
function serverTotal(response: Response, have: number): number | null {
  const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  if (range) return Number(range[1]);
  const length = Number(response.headers.get('content-length') ?? NaN);
  return Number.isFinite(length) ? have + length : null;
}

async function sizeOf(file: string): Promise<number | undefined> {
  return stat(file).then(
    (info) => info.size,
    () => undefined,
  );
}

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the model server';
  }
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(0)} MB`;
}

function causeCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.message : 'network error';
}

function offlineError(request: DownloadRequest, error: unknown): ModelDownloadError {
  return new ModelDownloadError(
    'offline',
    `Could not reach ${host(request.url)} to download the speech model (${causeCode(error)}). Check the connection, or point WHISPER_MODEL_PATH at a model file you have.`,
    { cause: error },
  );
}

function httpError(request: DownloadRequest, status: number): ModelDownloadError {
  const hint =
    status === 401 || status === 403
      ? ': the server refused the download; set WHISPER_MODEL_BASE_URL to a mirror or WHISPER_MODEL_PATH to a local file'
      : status === 404
        ? ': not found; check WHISPER_MODEL_URL / WHISPER_MODEL_BASE_URL'
        : status >= 500
          ? ': the server is having trouble; try again later'
          : '';
  return new ModelDownloadError('http', `Downloading the speech model failed: ${host(request.url)} answered HTTP ${status}${hint}.`);
}

function stalledError(request: DownloadRequest): ModelDownloadError {
  return new ModelDownloadError(
    'stalled',
    `The speech model download from ${host(request.url)} stalled (nothing received for ${Math.round(request.stallMs / 1000)} s); the next try resumes where it stopped.`,
  );
}

function interruptedError(request: DownloadRequest, done: number, total: number | null): ModelDownloadError {
  const where = total ? ` at ${mb(done)} of ${mb(total)}` : '';
  return new ModelDownloadError('interrupted', `The connection to ${host(request.url)} dropped during the speech model download${where}; the next try resumes.`);
}

function diskError(request: DownloadRequest, error: unknown): ModelDownloadError {
  return new ModelDownloadError('disk', `Could not write the speech model to ${path.dirname(request.dest)} (${causeCode(error)}).`, { cause: error });
}

function aborted(request: DownloadRequest): ModelDownloadError {
  return new ModelDownloadError('aborted', `The speech model download from ${host(request.url)} was cancelled.`);
}
