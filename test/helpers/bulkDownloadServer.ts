import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BulkDownloadServer {
  /** Where the body is served (any path answers). */
  url: string;
  /** Bytes written to the socket so far. */
  readonly sent: number;
  /** Resolves once the response closes: true when the client hung up before the whole body was sent. */
  closedEarly(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A loopback server that streams `bytes` of filler as an Ogg download, honouring back-pressure, optionally declaring
 * the size in Content-Length: for checking that downloads are refused or cut off at the size limit.
 */
export async function startBulkDownloadServer(bytes: number, options: { contentLength?: boolean } = {}): Promise<BulkDownloadServer> {
  let sent = 0;
  let closed: Promise<boolean> = Promise.resolve(false);
  const chunk = Buffer.alloc(64 * 1024, 1);
  const server = createServer((_req, res) => {
    closed = new Promise((resolve) => res.on('close', () => resolve(!res.writableFinished)));
    res.writeHead(200, { 'content-type': 'audio/ogg', ...(options.contentLength ? { 'content-length': String(bytes) } : {}) });
    const pump = (): void => {
      while (sent < bytes && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/attachments/1/voice.ogg`,
    get sent() {
      return sent;
    },
    closedEarly: () => closed,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
