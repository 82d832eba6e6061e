import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readiness } from './Readiness.js';

export const HEALTH_PATHS = ['/healthz', '/readyz'] as const;

/**
 * `GET /healthz`: the process is alive and its event loop answers (200 while draining too, so it is not killed
 * mid-drain). `GET /readyz`: 200 when every check passes, else 503 with the report. Answers true when it handled
 * the
 * request; the `/readyz` answer follows when its checks have answered (within the readiness time limit).
 */
export function answerHealth(req: IncomingMessage, res: ServerResponse, readiness: Readiness): boolean {
  const path = new URL(req.url ?? '/', 'http://health').pathname;
  if (path !== '/healthz' && path !== '/readyz') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('ok\n');
    return true;
  }
  void readiness.report().then((report) => {
    if (res.destroyed) return;
    res.writeHead(report.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(report));
  });
  return true;
}
