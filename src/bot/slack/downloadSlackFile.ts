import { UserFacingError } from '../../errors.js';

export interface DownloadOptions {
  token: string;
  maxBytes: number;
  /** Origins besides https://*.slack.com that may receive the bot token (a local Slack in tests). */
  trustedOrigins?: readonly string[];
  timeoutMs?: number;
}

export interface DownloadedFile {
  bytes: Buffer;
  contentType: string;
}

export const MISSING_FILES_READ_MESSAGE =
  "I couldn't download that audio: Slack sent me a sign-in page instead of the file, which means this app is missing " +
  'the **files:read** scope. An admin can add it under *OAuth & Permissions* and reinstall the app. Text answers work meanwhile.';

/** The bot token goes only to Slack's own file hosts, never to a URL that merely claims to be a file. */
export function isTrustedFileUrl(url: string, trustedOrigins: readonly string[] = []): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (trustedOrigins.includes(parsed.origin)) return true;
  return parsed.protocol === 'https:' && (parsed.hostname === 'slack.com' || parsed.hostname.endsWith('.slack.com'));
}

export function fileTooLarge(bytes: number, maxBytes: number): UserFacingError {
  const mb = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  return new UserFacingError('audio_too_large', `That file is ${mb(bytes)}; audio answers are limited to ${mb(maxBytes)}.`);
}

async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw fileTooLarge(total, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Downloads `url_private_download` with the bot token. Slack answers a missing `files:read` scope (or a bad token)
 * with a 200 HTML sign-in page, so the content type is checked before anything tries to decode it.
 */
export async function downloadSlackFile(url: string, options: DownloadOptions): Promise<DownloadedFile> {
  if (!isTrustedFileUrl(url, options.trustedOrigins)) {
    throw new UserFacingError('audio_unreadable', "I couldn't read that audio: it is not stored on Slack.");
  }
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${options.token}` },
    signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
  });
  const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`file download failed with HTTP ${response.status}`);
  }
  // A successful answer that is a web page is the sign-in page; an error page (5xx) is just an outage.
  if (contentType.startsWith('text/html')) {
    await response.body?.cancel();
    throw new UserFacingError('missing_permissions', MISSING_FILES_READ_MESSAGE);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body?.cancel();
    throw fileTooLarge(declared, options.maxBytes);
  }
  return { bytes: await readCapped(response, options.maxBytes), contentType };
}
