import { Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app.js';
import { parseConfig } from '../../src/config/index.js';
import type { ReadinessReport } from '../../src/health/index.js';
import { silentLogger } from '../../src/logger.js';
import { FakeDiscord } from '../fakes/discord/index.js';
import { FakeSlack } from '../fakes/slack/index.js';
import { fakeDiscordEnv } from '../helpers/fakeDiscordEnv.js';
import { createTempDb, type TempDb } from '../helpers/tempDb.js';
import { slackEnv } from '../slack/slackHarness.js';
import { SocketModeLink } from '../slack/SocketModeLink.js';

interface Probe {
  status: number;
  body: string;
}

async function get(port: number | undefined, path: string): Promise<Probe> {
  if (port === undefined) throw new Error('no port bound');
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: await response.text() };
}

const report = (probe: Probe) => JSON.parse(probe.body) as ReadinessReport;

/** Polls a condition that changes on its own (a socket noticing it was dropped), up to a deadline. */
async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('HEALTH_PORT with Discord (the real discord.js client against the local fake)', () => {
  let fake: FakeDiscord;
  let db: TempDb;
  let app: RunningApp;

  beforeAll(async () => {
    fake = new FakeDiscord();
    await fake.start();
    db = createTempDb();
    app = await startApp(parseConfig({ ...fakeDiscordEnv(fake, db.file), HEALTH_PORT: '0' }), silentLogger());
  }, 30_000);

  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
    await db?.cleanup();
  });

  it('/healthz is alive; /readyz is 200 with the gateway connected and the database writable', async () => {
    expect(await get(app.healthPort, '/healthz')).toEqual({ status: 200, body: 'ok\n' });
    const ready = await get(app.healthPort, '/readyz');
    expect(ready.status).toBe(200);
    expect(report(ready)).toEqual({ ready: true, draining: false, checks: { database: { ok: true }, discord: { ok: true } } });
    expect((await get(app.healthPort, '/metrics')).status).toBe(404);
  });

  it('a dropped gateway makes the bot not ready until it has resumed', async () => {
    const client = app.discord?.context.client;
    if (!client) throw new Error('no Discord client');
    const whileDown = new Promise<ReadinessReport>((resolve) => client.once(Events.ShardReconnecting, () => resolve(app.readiness.report())));
    const back = new Promise<void>((resolve) => {
      client.once(Events.ShardResume, () => resolve());
      client.once(Events.ShardReady, () => resolve());
    });
    fake.gateway.closeConnections(4000, 'test drops the gateway');
    const down = await whileDown;
    expect(down.ready).toBe(false);
    expect(down.checks.discord).toEqual({ ok: false, detail: expect.stringMatching(/Discord gateway/) });
    await back;
    expect((await get(app.healthPort, '/readyz')).status).toBe(200);
  }, 20_000);

  it('draining (SIGTERM) turns /readyz to 503 while /healthz stays 200', async () => {
    app.readiness.startDraining();
    const draining = await get(app.healthPort, '/readyz');
    expect(draining.status).toBe(503);
    expect(report(draining)).toMatchObject({ ready: false, draining: true });
    expect((await get(app.healthPort, '/healthz')).status).toBe(200);
  });
});

describe('HEALTH_PORT with Slack HTTP mode: the same answers on HEALTH_PORT and on SLACK_PORT', () => {
  let fake: FakeSlack;
  let db: TempDb;
  let app: RunningApp;
  let slackPort: number;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    db = createTempDb();
    // SLACK_PORT must be known to probe it: take a free one from the OS.
    const { createServer } = await import('node:net');
    slackPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const config = parseConfig({ ...slackEnv(fake, db.file), SLACK_PORT: String(slackPort), HEALTH_PORT: '0', EVALUATOR_PROVIDER: 'rubric' });
    app = await startApp(config, silentLogger());
  }, 30_000);

  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
    await db?.cleanup();
  });

  it('/healthz and /readyz answer on both ports, naming the Slack listener and the database', async () => {
    for (const port of [app.healthPort, slackPort]) {
      expect(await get(port, '/healthz')).toEqual({ status: 200, body: 'ok\n' });
      const ready = await get(port, '/readyz');
      expect(ready.status).toBe(200);
      expect(report(ready).checks).toEqual({ database: { ok: true }, slack: { ok: true } });
    }
  });

  it('a database that cannot be written makes /readyz 503 and says why', async () => {
    // Another connection holding the write lock past the probe's short wait is what a stuck writer looks like.
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(db.file);
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    try {
      const blocked = await get(app.healthPort, '/readyz');
      expect(blocked.status).toBe(503);
      expect(report(blocked).checks.database).toEqual({ ok: false, detail: expect.stringMatching(/database is not writable: database is locked/) });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await get(app.healthPort, '/readyz')).status).toBe(200);
  });
});

describe('HEALTH_PORT with Slack Socket Mode', () => {
  const APP_TOKEN = 'xapp-1-A0FAKEAPP-health';
  let fake: FakeSlack;
  let link: SocketModeLink;
  let db: TempDb;
  let app: RunningApp;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    link = await SocketModeLink.start(fake.apiUrl, APP_TOKEN);
    db = createTempDb();
    const config = parseConfig({
      DATABASE_PATH: db.file,
      LOG_LEVEL: 'silent',
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: link.apiUrl,
      HEALTH_PORT: '0',
      QUESTION_PROVIDER: 'bank',
      EVALUATOR_PROVIDER: 'rubric',
    });
    app = await startApp(config, silentLogger());
  }, 30_000);

  afterAll(async () => {
    await app?.stop();
    await link?.stop();
    await fake?.stop();
    await db?.cleanup();
  });

  it('/readyz is 200 while the socket is open and 503 once Slack drops it', async () => {
    expect(link.connected).toBe(true);
    expect((await get(app.healthPort, '/healthz')).status).toBe(200);
    const ready = await get(app.healthPort, '/readyz');
    expect(ready.status).toBe(200);
    expect(report(ready).checks).toEqual({ database: { ok: true }, slack: { ok: true } });

    await link.stop();
    const down = await eventually(async () => {
      const probe = await get(app.healthPort, '/readyz');
      return probe.status === 503 ? probe : undefined;
    });
    expect(report(down).checks.slack).toEqual({ ok: false, detail: 'Socket Mode connection is not open' });
    expect((await get(app.healthPort, '/healthz')).status).toBe(200);
  }, 20_000);
});
