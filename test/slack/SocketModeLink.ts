import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * Slack's Socket Mode side for one app, in front of the fake Slack: answers `apps.connections.open` (app token
 * required) with a ws:// URL, says `hello`, pushes envelopes and collects the app's acks. Every other Web API call is
 * forwarded to the fake, so the bot talks to one base URL as it does to slack.com.
 */
export class SocketModeLink {
  readonly acks = new Map<string, unknown>();
  readonly openCalls: { authorization: string | undefined }[] = [];
  private socket: WebSocket | undefined;
  private readonly waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    private readonly forwardTo: string,
    private readonly appToken: string,
  ) {}

  static async start(forwardTo: string, appToken: string): Promise<SocketModeLink> {
    const server = createServer();
    const wss = new WebSocketServer({ server, path: '/link' });
    const link = new SocketModeLink(server, wss, forwardTo, appToken);
    server.on('request', (req, res) => {
      link.handle(req).then(
        ({ status, contentType, body }) => res.writeHead(status, { 'content-type': contentType }).end(body),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
    wss.on('connection', (socket) => {
      link.socket = socket;
      socket.on('message', (data) => {
        const parsed: unknown = JSON.parse(String(data));
        if (typeof parsed === 'object' && parsed !== null && 'envelope_id' in parsed && typeof parsed.envelope_id === 'string') {
          link.acks.set(parsed.envelope_id, 'payload' in parsed ? parsed.payload : undefined);
        }
        link.notify();
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0FAKEAPP' }, debug_info: { host: 'fake-link' } }));
      link.notify();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return link;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  private get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('SocketModeLink: not listening on TCP');
    return address.port;
  }

  get connected(): boolean {
    return this.socket !== undefined;
  }

  /** Sends an envelope (`slash_commands`, `events_api`, `interactive`) and returns its id. */
  push(type: string, payload: unknown): string {
    if (!this.socket) throw new Error('SocketModeLink: no app connected');
    const envelopeId = randomUUID();
    this.socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }));
    return envelopeId;
  }

  async waitFor<T>(probe: () => T | undefined, timeoutMs = 3000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('SocketModeLink: condition not met in time');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; contentType: string; body: string | Buffer }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    if (path.startsWith('/api/apps.connections.open')) {
      this.openCalls.push({ authorization: req.headers.authorization });
      const ok = req.headers.authorization === `Bearer ${this.appToken}`;
      const answer = ok ? { ok: true, url: `ws://127.0.0.1:${this.port}/link` } : { ok: false, error: 'invalid_auth' };
      return { status: 200, contentType: 'application/json', body: JSON.stringify(answer) };
    }
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'content-type']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const response = await fetch(new URL(path.replace(/^\/api\//, ''), this.forwardTo), {
      method: req.method ?? 'POST',
      headers,
      ...(body.length > 0 && { body }),
    });
    return { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body: Buffer.from(await response.arrayBuffer()) };
  }
}
