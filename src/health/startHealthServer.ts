import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerHealth } from './healthRoutes.js';
import type { Readiness } from './Readiness.js';

export interface HealthServer {
  port: number;
  stop(): Promise<void>;
}

/** The HEALTH_PORT listener: `/healthz` and `/readyz` only, whatever platforms run. */
export async function startHealthServer(readiness: Readiness, port: number, host?: string): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    if (!answerHealth(req, res, readiness)) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
