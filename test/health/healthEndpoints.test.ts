// storage: SQLite and PostgreSQL
import { Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app.js';
import { parseConfig } from '../../src/config/index.js';
import type { ReadinessReport } from '../../src/health/index.js';
import { silentLogger } from '../../src/logger.js';
import { FakeDiscord } from '../fakes/discord/index.js';
import { FakeSlack } from '../fakes/slack/index.js';
import { fakeDiscordEnv } from '../helpers/fakeDiscordEnv.js';
import { createTempDatabaseLocation, type TempDatabaseLocation } from '../helpers/tempDb.js';
import { testPgServerUrl } from '../helpers/tempPgDatabase.js';
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

interface Unwritable {
  /** What the database check says meanwhile. */
  detail: RegExp;
  undo(): Promise<void>;
}

/** SQLite: another connection holding the write lock past the probe's short wait, as a stuck writer would. */
async function lockSqlite(file: string): Promise<Unwritable> {
  const { default: Database } = await import('better-sqlite3');
  const other = new Database(file);
  other.pragma('busy_timeout = 0');
  other.exec('BEGIN IMMEDIATE');
  return {
    detail: /database is not writable: database is locked/,
    undo: () => {
      other.exec('ROLLBACK');
      other.close();
      return Promise.resolve();
    },
  };
}

/**
 * Postgres: the database turned read-only (what a failover onto a standby, or an operator, does): its
 * default_transaction_read_only is set and the app's connections are ended, so the pool reconnects read-only.
 */
async function readOnlyPostgres(url: string): Promise<Unwritable> {
  const { default: pg } = await import('pg');
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: testPgServerUrl });
  await admin.connect();
  const reconnectAll = () => admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  await admin.query(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
  await reconnectAll();
  return {
    detail: /database is read-only/,
    async undo() {
      try {
        await admin.query(`ALTER DATABASE ${name} RESET default_transaction_read_only`);
        await reconnectAll();
      } finally {
        await admin.end();
      }
    },
  };
}

describe('HEALTH_PORT with Discord (the real discord.js client against the local fake)', () => {
  let fake: FakeDiscord;
  let db: TempDatabaseLocation;
  let app: RunningApp;

  beforeAll(async () => {
    fake = new FakeDiscord();
    await fake.start();
    db = await createTempDatabaseLocation();
    app = await startApp(parseConfig({ ...fakeDiscordEnv(fake, db.env), HEALTH_PORT: '0' }), silentLogger());
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
  let db: TempDatabaseLocation;
  let app: RunningApp;
  let slackPort: number;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    db = await createTempDatabaseLocation();
    // SLACK_PORT must be known to probe it: take a free one from the OS.
    const { createServer } = await import('node:net');
    slackPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const config = parseConfig({ ...slackEnv(fake, db.env), SLACK_PORT: String(slackPort), HEALTH_PORT: '0', EVALUATOR_PROVIDER: 'rubric' });
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
    const unwritable = db.env.DATABASE_URL === undefined ? await lockSqlite(db.env.DATABASE_PATH) : await readOnlyPostgres(db.env.DATABASE_URL);
    try {
      // Postgres: a probe on a connection ended just now says "not answering" once; the reconnected pool says why.
      const blocked = await eventually(async () => {
        const probe = await get(app.healthPort, '/readyz');
        return probe.status === 503 && unwritable.detail.test(report(probe).checks.database?.detail ?? '') ? probe : undefined;
      });
      expect(report(blocked)).toMatchObject({ ready: false, checks: { database: { ok: false }, slack: { ok: true } } });
    } finally {
      await unwritable.undo();
    }
    const back = await eventually(async () => {
      const probe = await get(app.healthPort, '/readyz');
      return probe.status === 200 ? probe : undefined;
    });
    expect(report(back).checks.database).toEqual({ ok: true });
  });
});

describe('HEALTH_PORT with Slack Socket Mode', () => {
  const APP_TOKEN = 'xapp-1-A0FAKEAPP-health';
  let fake: FakeSlack;
  let link: SocketModeLink;
  let db: TempDatabaseLocation;
  let app: RunningApp;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    link = await SocketModeLink.start(fake.apiUrl, APP_TOKEN);
    db = await createTempDatabaseLocation();
    const config = parseConfig({
      ...db.env,
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
