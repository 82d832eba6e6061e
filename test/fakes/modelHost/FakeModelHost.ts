import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the next transfers misbehave; each applies to CDN (file) requests. */
export interface TransferBehaviour {
  /** Answer this status instead of the file. */
  status?: number;
  /** Send this many bytes of the body, then cut the connection. */
  dropAfterBytes?: number;
  /** Send this many bytes, then go quiet (the connection stays open until the client gives up). */
  stallAfterBytes?: number;
  /** Reply 200 with the whole file even when a Range was asked for (servers without range support). */
  ignoreRange?: boolean;
  /** Write the body in chunks of this size… */
  chunkBytes?: number;
  /** …with this pause between them. */
  chunkDelayMs?: number;
}

export interface ModelHostRequest {
  path: string;
  range: string | null;
  status: number;
  /** Body bytes written for a file request (0 for redirects and errors). */
  bytesSent: number;
  /** True once the response ended or the connection closed. */
  finished: boolean;
}

interface HostEvents {
  request: [ModelHostRequest];
  finished: [ModelHostRequest];
}

/**
 * Behaves like the Hugging Face model repository for a download client: `/…/resolve/<rev>/<file>` answers
 * 302 to `/cdn/<file>` (as huggingface.co redirects to its CDN), and the CDN serves bytes with Range support
 * (206 + Content-Range, 416 past the end), or misbehaves as scripted: an error status, a connection cut
 * mid-transfer, a stall, slowness, no range support. Loopback only; records every request.
 */
export class FakeModelHost extends EventEmitter<HostEvents> {
  readonly requests: ModelHostRequest[] = [];
  readonly #files = new Map<string, Buffer>();
  readonly #behaviours: TransferBehaviour[] = [];
  #defaultBehaviour: TransferBehaviour = {};
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #server: Server | null = null;
  #url = '';

  static async start(files: Record<string, Buffer>): Promise<FakeModelHost> {
    const host = new FakeModelHost();
    for (const [name, bytes] of Object.entries(files)) host.#files.set(name, bytes);
    const server = createServer((req, res) => host.#handle(req, res));
    server.on('connection', (socket) => {
      host.#sockets.add(socket);
      socket.on('close', () => host.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host.#server = server;
    host.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return host;
  }

  /** The repository base, as WHISPER_MODEL_BASE_URL takes it. */
  get baseUrl(): string {
    return `${this.#url}/ggerganov/whisper.cpp`;
  }

  /** A direct link that redirects like a `resolve` URL (for WHISPER_MODEL_URL). */
  fileUrl(name: string, revision = 'main'): string {
    return `${this.baseUrl}/resolve/${revision}/${name}`;
  }

  /** The next file transfers behave like this, one entry per request, then the default applies. */
  next(...behaviours: TransferBehaviour[]): void {
    this.#behaviours.push(...behaviours);
  }

  setDefault(behaviour: TransferBehaviour): void {
    this.#defaultBehaviour = behaviour;
  }

  /** File (CDN) requests only, in order. */
  transfers(): ModelHostRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/cdn/'));
  }

  /** Resolves when `count` file requests have been received. */
  waitForTransfers(count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.transfers().length < count) return;
        this.off('request', check);
        resolve();
      };
      this.on('request', check);
      check();
    });
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.#url);
    const record: ModelHostRequest = { path: url.pathname, range: req.headers.range ?? null, status: 0, bytesSent: 0, finished: false };
    this.requests.push(record);
    res.on('close', () => {
      record.finished = true;
      this.emit('finished', record);
    });
    const resolveMatch = /^\/[^/]+\/[^/]+\/resolve\/[^/]+\/([^/]+)$/.exec(url.pathname);
    if (resolveMatch) {
      record.status = 302;
      this.emit('request', record);
      res.writeHead(302, { location: `/cdn/${resolveMatch[1]}` }).end();
      return;
    }
    const cdnMatch = /^\/cdn\/([^/]+)$/.exec(url.pathname);
    const file = cdnMatch ? this.#files.get(decodeURIComponent(cdnMatch[1] ?? '')) : undefined;
    const behaviour = cdnMatch ? (this.#behaviours.shift() ?? this.#defaultBehaviour) : {};
    if (!file || behaviour.status) {
      record.status = file ? (behaviour.status ?? 500) : 404;
      this.emit('request', record);
      res.writeHead(record.status, { 'content-type': 'text/plain' }).end(record.status === 404 ? 'Entry not found' : 'error');
      return;
    }
    const range = behaviour.ignoreRange ? null : parseRange(req.headers.range, file.length);
    if (range === 'unsatisfiable') {
      record.status = 416;
      this.emit('request', record);
      res.writeHead(416, { 'content-range': `bytes */${file.length}` }).end();
      return;
    }
    const start = range?.start ?? 0;
    const body = file.subarray(start);
    record.status = range ? 206 : 200;
    this.emit('request', record);
    res.writeHead(record.status, {
      'content-type': 'application/octet-stream',
      'content-length': String(body.length),
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${file.length - 1}/${file.length}` } : {}),
    });
    this.#send(res, body, behaviour, record);
  }

  #send(res: ServerResponse, body: Buffer, behaviour: TransferBehaviour, record: ModelHostRequest): void {
    const limit = behaviour.dropAfterBytes ?? behaviour.stallAfterBytes ?? body.length;
    const chunk = behaviour.chunkBytes ?? 64 * 1024;
    const step = (offset: number): void => {
      if (offset >= limit) {
        // destroySoon flushes what was written, then closes: the client sees a body cut short.
        if (behaviour.dropAfterBytes !== undefined) res.socket?.destroySoon();
        else if (behaviour.stallAfterBytes === undefined) res.end();
        // A stall: nothing more is written; close() or the client ends it.
        return;
      }
      const piece = body.subarray(offset, Math.min(limit, offset + chunk));
      record.bytesSent += piece.length;
      const more = () => {
        if (!behaviour.chunkDelayMs) return step(offset + piece.length);
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          step(offset + piece.length);
        }, behaviour.chunkDelayMs);
        this.#timers.add(timer);
      };
      if (res.write(piece)) more();
      else res.once('drain', more);
    };
    step(0);
  }
}

function parseRange(header: string | undefined, size: number): { start: number } | 'unsatisfiable' | null {
  const match = /^bytes=(\d+)-$/.exec(header ?? '');
  if (!match) return null;
  const start = Number(match[1]);
  return start >= size ? 'unsatisfiable' : { start };
}
