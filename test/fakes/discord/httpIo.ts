import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json } from './json.js';

export async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

export function writeJson(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** discord.js parses any application/json response as JSON, so a 204 must carry no content type at all. */
export function writeNoContent(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(204, headers);
  res.end();
}

export function writeBytes(res: ServerResponse, status: number, data: Buffer, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(data.length) });
  res.end(data);
}
