// storage: PostgreSQL only — the live Postgres readiness probe and its time limits.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgres, type PostgresDatabase } from '../../src/db/postgres/openPostgres.js';
import { databaseWritable, Readiness, startHealthServer, type HealthServer, type ReadinessReport } from '../../src/health/index.js';
import { READINESS_LIMIT_MS } from '../../src/health/Readiness.js';
import { createTempPgDatabase, type TempPgDatabase } from '../helpers/tempPgDatabase.js';

/**
 * A TCP relay in front of the real Postgres server that can go silent: from `silence()` on it still accepts
 * connections and reads what clients send, but nothing reaches the server and nothing comes back — a server that
 * stops answering (a hung host, a network partition) without stopping the real one.
 */
class SilenceableRelay {
  private silent = false;
  private readonly sockets = new Set<net.Socket>();
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(target: URL): Promise<SilenceableRelay> {
    const relay: { value?: SilenceableRelay } = {};
    const server = net.createServer((client) => relay.value?.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('relay has no port');
    relay.value = new SilenceableRelay(server, address.port);
    return relay.value;
  }

  private accept(client: net.Socket, target: URL): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => undefined);
    if (this.silent) return;
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    this.sockets.add(upstream);
    upstream.on('close', () => this.sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('data', (chunk) => this.silent || upstream.write(chunk));
    upstream.on('data', (chunk) => this.silent || client.write(chunk));
  }

  /** From now on nothing passes, on open connections and new ones alike. */
  silence(): void {
    this.silent = true;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('/readyz on PostgreSQL asks the server live, under a time limit', () => {
  let server: TempPgDatabase | undefined;
  let relay: SilenceableRelay | undefined;
  let database: PostgresDatabase | undefined;
  let health: HealthServer | undefined;

  afterEach(async () => {
    await health?.stop();
    await relay?.stop();
    await database?.close().catch(() => undefined);
    await server?.drop();
    health = relay = database = server = undefined;
  });

  it('a server that stops answering makes /readyz 503 within the limit, saying the database is not answering', async () => {
    server = await createTempPgDatabase();
    const url = new URL(server.url);
    relay = await SilenceableRelay.start(new URL(server.url));
    url.port = String(relay.port);
    database = await openPostgres(url.toString(), { max: 4 });
    const readiness = new Readiness();
    const probe = database.probe;
    readiness.add('database', () => databaseWritable(probe));
    health = await startHealthServer(readiness, 0, '127.0.0.1');

    const ready = await fetch(`http://127.0.0.1:${health.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as ReadinessReport).checks.database).toEqual({ ok: true });

    relay.silence();
    const asked = Date.now();
    const down = await fetch(`http://127.0.0.1:${health.port}/readyz`, { signal: AbortSignal.timeout(READINESS_LIMIT_MS * 3) });
    const took = Date.now() - asked;
    expect(down.status).toBe(503);
    expect(((await down.json()) as ReadinessReport).checks.database).toEqual({ ok: false, detail: expect.stringMatching(/^database is not answering/) });
    // The answer came from the limit, not from the previous probe (which said ready) nor from a hung request.
    expect(took).toBeLessThan(READINESS_LIMIT_MS + 1_000);
  }, 20_000);

  it('the very first probe of a server that accepts and never answers fails within the probe timeout', async () => {
    // Nothing behind this listener: it takes the connection and never says a word.
    const silent = net.createServer((socket) => socket.on('error', () => undefined));
    const held = new Set<net.Socket>();
    silent.on('connection', (socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    if (typeof address !== 'object' || address === null) throw new Error('no port');
    const { createPool } = await import('../../src/db/postgres/pgPool.js');
    const { createPgDatabaseProbe } = await import('../../src/db/postgres/pgProbe.js');
    const pool = createPool(`postgres://postgres@127.0.0.1:${address.port}/none`, { max: 1 });
    try {
      const readiness = new Readiness();
      const probe = createPgDatabaseProbe(pool, 300);
      readiness.add('database', () => databaseWritable(probe));
      readiness.add('platform', () => ({ ok: true }));
      const report = await readiness.report();
      expect(report).toEqual({
        ready: false,
        draining: false,
        checks: { database: { ok: false, detail: 'database is not answering: no answer within 300 ms' }, platform: { ok: true } },
      });
    } finally {
      for (const socket of held) socket.destroy();
      await pool.end().catch(() => undefined);
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('Readiness runs its checks together under one limit', () => {
  it('a check that never answers fails at the limit; the others are reported as they are', async () => {
    const readiness = new Readiness(200);
    let slowStarted = false;
    readiness.add('stuck', () => new Promise(() => undefined));
    readiness.add('slow', () => {
      slowStarted = true;
      return new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 50));
    });
    readiness.add('broken', () => {
      throw new Error('socket gone');
    });
    const report = await readiness.report();
    expect(slowStarted).toBe(true);
    expect(report).toEqual({
      ready: false,
      draining: false,
      checks: { stuck: { ok: false, detail: 'no answer within 200 ms' }, slow: { ok: true }, broken: { ok: false, detail: 'socket gone' } },
    });
  });
});
