// A stand-in for a self-hosted QuickChart on 127.0.0.1: answers POST /chart with a solid PNG of the asked size.
import { createCanvas } from '@napi-rs/canvas';
import { createServer, type IncomingMessage } from 'node:http';

export interface QuickChartRequest {
  path: string;
  body: Record<string, unknown>;
}

export interface FakeQuickChart {
  url: string;
  requests: QuickChartRequest[];
  /** Make the next answers fail: an HTTP status with an HTML page, or 200 with bytes that are not a PNG. */
  failWith(mode: 'http500' | 'notPng' | null): void;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('body is not an object');
  return Object.fromEntries(Object.entries(parsed));
}

export async function startFakeQuickChart(): Promise<FakeQuickChart> {
  const requests: QuickChartRequest[] = [];
  let failure: 'http500' | 'notPng' | null = null;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readJson(req);
      requests.push({ path: req.url ?? '', body });
      if (failure === 'http500') {
        res.writeHead(500, { 'content-type': 'text/html', 'x-quickchart-error': 'chart failed' }).end('<html>oops</html>');
        return;
      }
      if (failure === 'notPng') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
        return;
      }
      const width = typeof body.width === 'number' ? body.width : 500;
      const height = typeof body.height === 'number' ? body.height : 300;
      const canvas = createCanvas(width, height);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = typeof body.backgroundColor === 'string' ? body.backgroundColor : '#ffffff';
      ctx.fillRect(0, 0, width, height);
      res.writeHead(200, { 'content-type': 'image/png' }).end(canvas.toBuffer('image/png'));
    })().catch((error: unknown) => {
      res.writeHead(400).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake QuickChart did not bind a TCP port');
  const { port } = address;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failWith(mode) {
      failure = mode;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Clients keep connections alive; without this close() waits for their idle timeout.
        server.closeAllConnections();
      }),
  };
}
