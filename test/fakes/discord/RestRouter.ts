import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRequestBody, writeJson, writeNoContent } from './httpIo.js';
import { isJsonObject, parseJson, type Json, type JsonObject } from './json.js';
import { parseMultipart } from './multipart.js';
import type { RequestLog } from './RequestLog.js';
import { compilePattern, type CompiledPattern } from './routePattern.js';
import type { UploadedFile } from './types.js';

export interface RestContext {
  method: string;
  /** Below /api/v10, percent-decoded, no query. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json | undefined;
  files: UploadedFile[];
  authorization: string | undefined;
}

export interface RestReply {
  status: number;
  /** Omitted for 204. */
  body?: Json;
  headers?: Record<string, string>;
}

export type RouteHandler = (ctx: RestContext) => RestReply | Promise<RestReply>;

export interface RouteMatcher {
  /** Any method when omitted. */
  method?: string;
  /** `/channels/:channelId/messages` style pattern, or a RegExp over the decoded path below /api/v10. */
  path: string | RegExp;
}

/** Returns a reply to short-circuit the route, or undefined to let it run (and not use up a `times`). */
export type Interceptor = (ctx: RestContext) => RestReply | undefined;

interface Route {
  method: string;
  pattern: CompiledPattern;
  handler: RouteHandler;
  auth: boolean;
}

interface ActiveInterceptor {
  method: string | undefined;
  pattern: CompiledPattern;
  interceptor: Interceptor;
  remaining: number;
}

export const ok = (body: Json): RestReply => ({ status: 200, body });
export const noContent = (): RestReply => ({ status: 204 });
export const apiError = (status: number, code: number, message: string): RestReply => ({
  status,
  body: { message, code },
});

/** Matches REST calls to handlers, applies injected failures, and records every call. */
export class RestRouter {
  private readonly routes: Route[] = [];
  private readonly interceptors: ActiveInterceptor[] = [];

  constructor(
    private readonly log: RequestLog,
    private readonly expectedToken: () => string | undefined,
  ) {}

  add(method: string, pattern: string, handler: RouteHandler, options: { auth?: boolean } = {}): void {
    this.routes.push({ method, pattern: compilePattern(pattern), handler, auth: options.auth ?? true });
  }

  intercept(matcher: RouteMatcher, interceptor: Interceptor, times = Number.POSITIVE_INFINITY): () => void {
    const entry: ActiveInterceptor = {
      method: matcher.method?.toUpperCase(),
      pattern: compilePattern(matcher.path),
      interceptor,
      remaining: times,
    };
    this.interceptors.push(entry);
    return () => {
      const index = this.interceptors.indexOf(entry);
      if (index >= 0) this.interceptors.splice(index, 1);
    };
  }

  async handle(req: IncomingMessage, res: ServerResponse, rawPath: string, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = rawPath.split('/').map(safeDecode).join('/');
    const { body, files } = await readBody(req);
    const authorization = req.headers.authorization;
    const ctx: RestContext = { method, path, params: {}, query: url.searchParams, body, files, authorization };

    let routeName: string | null = null;
    let reply: RestReply | undefined = this.runInterceptors(ctx);
    const route = this.findRoute(method, path);
    if (route) {
      routeName = `${route.route.method} ${route.route.pattern.source}`;
      ctx.params = route.params;
    }
    if (!reply) {
      if (!route) {
        reply = apiError(404, 0, 'Unknown');
      } else if (route.route.auth && !this.authorised(authorization)) {
        reply = apiError(401, 0, '401: Unauthorized');
      } else {
        try {
          reply = await route.route.handler(ctx);
        } catch (error) {
          reply = apiError(500, 0, `FakeDiscord handler error: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }

    if (reply.status === 204 || reply.body === undefined) writeNoContent(res, reply.headers);
    else writeJson(res, reply.status, reply.body, reply.headers);

    this.log.add({
      seq: this.log.nextSeq(),
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      files,
      route: routeName,
      params: ctx.params,
      status: reply.status,
      authorization,
      at: Date.now(),
    });
  }

  private authorised(authorization: string | undefined): boolean {
    const expected = this.expectedToken();
    return expected === undefined || authorization === `Bot ${expected}`;
  }

  private findRoute(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = route.pattern.match(path);
      if (params) return { route, params };
    }
    return undefined;
  }

  private runInterceptors(ctx: RestContext): RestReply | undefined {
    for (const entry of [...this.interceptors]) {
      if (entry.method !== undefined && entry.method !== ctx.method) continue;
      const params = entry.pattern.match(ctx.path);
      if (!params) continue;
      const reply = entry.interceptor({ ...ctx, params });
      if (!reply) continue;
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.interceptors.splice(this.interceptors.indexOf(entry), 1);
      return reply;
    }
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<{ body: Json | undefined; files: UploadedFile[] }> {
  const raw = await readRequestBody(req);
  if (raw.length === 0) return { body: undefined, files: [] };
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const { fields, files } = await parseMultipart(raw, contentType);
    const payload = fields.get('payload_json');
    if (payload !== undefined) return { body: parseJson(payload), files };
    const body: JsonObject = Object.fromEntries(fields);
    return { body, files };
  }
  const text = raw.toString('utf8');
  try {
    return { body: parseJson(text), files: [] };
  } catch {
    return { body: text, files: [] };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function bodyObject(ctx: RestContext): JsonObject {
  return isJsonObject(ctx.body) ? ctx.body : {};
}
