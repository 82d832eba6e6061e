import type { ApiArgs } from './types.js';

/**
 * Fields WebClient flattens to JSON strings in a urlencoded body. Parsing only these keeps a user's text such as
 * "[draft]" a string.
 */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'files', 'metadata', 'user_auth_blocks', 'view', 'options']);

function reviveJsonField(key: string, value: string): unknown {
  if (!JSON_FIELDS.has(key)) return value;
  try {
    return JSON.parse(value);
  } catch {
    // Slack answers invalid_blocks_format etc. for this; keep the raw string so the handler can see it.
    return value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseUrlEncoded(text: string): ApiArgs {
  const args: ApiArgs = {};
  for (const [key, value] of new URLSearchParams(text)) args[key] = reviveJsonField(key, value);
  return args;
}

async function parseMultipart(body: Buffer, contentType: string): Promise<ApiArgs> {
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  const args: ApiArgs = {};
  for (const [key, value] of form) {
    args[key] = typeof value === 'string' ? reviveJsonField(key, value) : Buffer.from(await value.arrayBuffer());
  }
  return args;
}

/** Parses a Web API request body the way Slack accepts it: urlencoded, JSON or multipart; plus query parameters. */
export async function parseApiArgs(body: Buffer, contentType: string | undefined, query: URLSearchParams): Promise<ApiArgs> {
  const args: ApiArgs = {};
  for (const [key, value] of query) args[key] = reviveJsonField(key, value);
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (body.length === 0) return args;
  if (type === 'application/json') {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (isRecord(parsed)) Object.assign(args, parsed);
    return args;
  }
  if (type === 'multipart/form-data' && contentType !== undefined) {
    return Object.assign(args, await parseMultipart(body, contentType));
  }
  return Object.assign(args, parseUrlEncoded(body.toString('utf8')));
}

/** The first file part of a multipart body, or the whole body when it is not multipart (both reach Slack's upload URL). */
export async function extractUploadBytes(body: Buffer, contentType: string | undefined): Promise<{ bytes: Buffer; encoding: 'multipart' | 'raw' }> {
  if (contentType?.toLowerCase().startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
    for (const [, value] of form) {
      if (typeof value !== 'string') return { bytes: Buffer.from(await value.arrayBuffer()), encoding: 'multipart' };
    }
    return { bytes: Buffer.alloc(0), encoding: 'multipart' };
  }
  return { bytes: body, encoding: 'raw' };
}

export function argString(args: ApiArgs, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function argBool(args: ApiArgs, key: string): boolean {
  const value = args[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}

export { isRecord };
