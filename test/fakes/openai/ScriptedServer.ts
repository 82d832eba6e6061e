import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer. `json` is sent as application/json; `raw` as is (e.g. malformed JSON, PCM bytes). */
export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  raw?: string | Buffer;
  /** Wait before answering; a client that gives up first just disconnects. */
  delayMs?: number;
  /** Hold the request open until this settles (a slow provider the test releases when it is ready). */
  hold?: Promise<unknown>;
}

export interface UploadedFile {
  name: string;
  type: string;
  bytes: Buffer;
}

/** What a client sent, parsed, so tests assert on the wire format. */
export interface RecordedRequest {
  route: string;
  method: string;
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
  json?: unknown;
  /** Multipart text fields; repeated names (e.g. `timestamp_granularities[]`) keep every value. */
  form?: Record<string, string[]>;
  files?: Record<string, UploadedFile>;
  params: Record<string, string>;
}

export interface RouteMatch {
  route: string;
  params: Record<string, string>;
}

export interface ScriptedServerOptions {
  match: (method: string, path: string) => RouteMatch | undefined;
  /** Checked before the script (e.g. authentication); a reply here consumes nothing from the queue. */
  guard?: (request: RecordedRequest) => ScriptedReply | undefined;
  /** Applied to every reply before it is sent (e.g. a gateway that echoes request headers into errors). */
  finish?: (reply: ScriptedReply, request: RecordedRequest) => ScriptedReply;
}

/**
 * A node:http server on 127.0.0.1 that records every request and answers from per-route queues of
 * scripted replies, then from per-route defaults (which may look at the request).
 */
export class ScriptedServer {
  readonly requests: RecordedRequest[] = [];
  readonly #queues = new Map<string, ScriptedReply[]>();
  readonly #arrivals: ((request: RecordedRequest) => void)[] = [];
  readonly #defaults = new Map<string, (request: RecordedRequest) => ScriptedReply>();
  readonly #server: Server;
  readonly #options: ScriptedServerOptions;

  private constructor(server: Server, options: ScriptedServerOptions) {
    this.#server = server;
    this.#options = options;
  }

  static async start(options: ScriptedServerOptions): Promise<ScriptedServer> {
    const server = createServer();
    const scripted = new ScriptedServer(server, options);
    server.on('request', (req, res) => {
      scripted.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `fake failed: ${String(error)}` } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return scripted;
  }

  get origin(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Queue replies for the next calls of a route, in order. */
  script(route: string, ...replies: ScriptedReply[]): void {
    const queue = this.#queues.get(route) ?? [];
    queue.push(...replies);
    this.#queues.set(route, queue);
  }

  /** The answer once a route's queue is empty. */
  setDefault(route: string, reply: ScriptedReply | ((request: RecordedRequest) => ScriptedReply)): void {
    this.#defaults.set(route, typeof reply === 'function' ? reply : () => reply);
  }

  callsTo(route: string): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Resolves with the next request to `route` that `match` accepts (already recorded ones count). */
  nextRequest(route: string, match: (request: RecordedRequest) => boolean = () => true): Promise<RecordedRequest> {
    const seen = this.requests.find((r) => r.route === route && match(r));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const listener = (request: RecordedRequest) => {
        if (request.route !== route || !match(request)) return;
        this.#arrivals.splice(this.#arrivals.indexOf(listener), 1);
        resolve(request);
      };
      this.#arrivals.push(listener);
    });
  }

  reset(): void {
    this.requests.length = 0;
    this.#queues.clear();
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const match = this.#options.match(req.method ?? 'GET', path);
    if (!match) {
      send(res, { status: 404, json: { error: { message: `no route ${req.method} ${path}` } } });
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const recorded: RecordedRequest = { route: match.route, method: req.method ?? 'GET', path, headers, body, params: match.params };
    const type = headers['content-type'] ?? '';
    // The Gemini SDK sends its JSON content type on bodiless GETs too.
    if (type.includes('application/json') && body.length > 0) recorded.json = JSON.parse(body.toString('utf8'));
    if (type.includes('multipart/form-data')) Object.assign(recorded, await parseMultipart(type, body));
    this.requests.push(recorded);
    for (const listener of [...this.#arrivals]) listener(recorded);

    const reply = this.#options.guard?.(recorded) ??
      this.#queues.get(match.route)?.shift() ??
      this.#defaults.get(match.route)?.(recorded) ?? {
        status: 503,
        json: { error: { message: `nothing scripted for ${match.route}` } },
      };
    if (reply.hold) await reply.hold;
    if (reply.delayMs) {
      const gone = await waitOrClose(res, reply.delayMs);
      if (gone) return;
    }
    send(res, this.#options.finish ? this.#options.finish(reply, recorded) : reply);
  }
}

function send(res: ServerResponse, reply: ScriptedReply): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | Buffer = '';
  if (reply.json !== undefined) {
    payload = JSON.stringify(reply.json);
    headers['content-type'] ??= 'application/json';
  } else if (reply.raw !== undefined) {
    payload = reply.raw;
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(reply.status ?? 200, headers);
  res.end(payload);
}

/** Resolves true if the client disconnected before the delay ran out. */
function waitOrClose(res: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(false);
    }, ms);
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    res.once('close', onClose);
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** undici's own multipart parser (the one behind fetch's Request.formData()). */
async function parseMultipart(contentType: string, body: Buffer): Promise<Pick<RecordedRequest, 'form' | 'files'>> {
  const data = await new Request('http://fake/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(body),
  }).formData();
  const form: Record<string, string[]> = {};
  const files: Record<string, UploadedFile> = {};
  for (const [name, value] of data.entries()) {
    if (typeof value === 'string') (form[name] ??= []).push(value);
    else files[name] = { name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
  }
  return { form, files };
}

/** A URL on which nothing listens: a port that was just open and is now closed. */
export async function closedPortUrl(path = ''): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}

/**
 * What some gateways and proxies do: quote the request's credentials back in an error body. Only error
 * replies with a JSON `error.message` are changed.
 */
export function echoCredentials(reply: ScriptedReply, request: RecordedRequest): ScriptedReply {
  const status = reply.status ?? 200;
  const body = reply.json as { error?: { message?: unknown } } | undefined;
  if (status < 400 || typeof body?.error?.message !== 'string') return reply;
  const quoted = ['authorization', 'x-goog-api-key']
    .filter((name) => request.headers[name] !== undefined)
    .map((name) => `${name}: ${request.headers[name]}`)
    .join(', ');
  return { ...reply, json: { ...body, error: { ...body.error, message: `${body.error.message} (request had ${quoted})` } } };
}
