import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatReply, FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { FakeSlack, threadReply, type StoredMessage } from '../fakes/slack/index.js';
import { createTempDb, type TempDb } from '../helpers/tempDb.js';
import { evaluationJson, promptKind } from '../reliability/llmReplies.js';
import { CHANNEL, headerOf, HOST } from '../slack/slackHarness.js';

const root = path.resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves when the child's log (pino JSON on stdout) has a line with this message. */
function logLine(child: ChildProcess, msg: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      if (buffered.includes(`"msg":"${msg}"`)) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bot exited (${code}) before logging "${msg}"`)));
  });
}

describe('SIGTERM while an answer is being scored (src/main.ts as a child process, Slack HTTP mode)', () => {
  let slack: FakeSlack;
  let openai: FakeOpenAI;
  let db: TempDb;
  let child: ChildProcess | undefined;
  let stderr = '';

  beforeAll(async () => {
    slack = await FakeSlack.start();
    slack.addChannel({ id: CHANNEL, name: 'practice' });
    slack.addUser({ id: HOST, name: 'alice', real_name: 'Alice' });
    openai = await FakeOpenAI.start();
    db = createTempDb();
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await slack?.stop();
    await openai?.close();
    db?.cleanup();
  });

  it('lets the held answer finish, stores and shows its score, then exits 0', async () => {
    const [slackPort, healthPort] = [await freePort(), await freePort()];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    openai.setDefault('chat', (request) => (promptKind(request) === 'scoring' ? { ...chatReply(evaluationJson(8)), hold: held } : chatReply('{}')));

    child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts')], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_PATH: db.file,
        LOG_LEVEL: 'info',
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: slack.signingSecret,
        SLACK_PORT: String(slackPort),
        SLACK_API_URL: slack.apiUrl,
        HEALTH_PORT: String(healthPort),
        OPENAI_API_KEY: 'sk-fake',
        OPENAI_BASE_URL: openai.url,
        QUESTION_PROVIDER: 'bank',
        EVALUATOR_PROVIDER: 'openai',
        TRANSCRIBER_PROVIDER: 'none',
        SPEAKER_PROVIDER: 'espeak',
        PROVIDER_TIMEOUT_MS: '120000',
        SHUTDOWN_GRACE_SECONDS: '120',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    await logLine(child, 'interview coach running');
    slack.setBotEndpoint(`http://127.0.0.1:${slackPort}/slack/events`);

    await slack.sendSlashCommand({ command: '/mock-interview', text: 'backend 1', user_id: HOST, user_name: 'alice', channel_id: CHANNEL });
    const threadRoot = await slack.waitUntil(() => {
      const rootMessage = slack.channelMessages(CHANNEL).find((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
      const asked = rootMessage && slack.threadMessages(CHANNEL, rootMessage.ts).some((m) => /^Question 1\/1 · /.test(headerOf(m) ?? ''));
      return asked ? rootMessage : undefined;
    }, 30_000);
    const thread = (): StoredMessage[] => slack.threadMessages(CHANNEL, threadRoot.ts);

    await slack.sendEvent(threadReply({ user: HOST, channel: CHANNEL, thread_ts: threadRoot.ts, text: 'I would add a cache in front of the database and measure the hit rate.' }));
    await openai.server.nextRequest('chat', (request) => promptKind(request) === 'scoring');

    // The answer's row exists before scoring: what a restart would pick up if the drain were cut short.
    const early = new Database(db.file, { readonly: true });
    expect(early.prepare('select status from answers').all()).toEqual([{ status: 'transcribed' }]);
    early.close();

    child.kill('SIGTERM');
    // Draining: no longer ready (so no new traffic), still alive, and still holding the answer.
    const deadline = Date.now() + 15_000;
    while ((await fetch(`http://127.0.0.1:${healthPort}/readyz`)).status !== 503) {
      if (Date.now() > deadline) throw new Error('the bot did not start draining after SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(child.exitCode).toBeNull();
    release();

    expect(await exited).toBe(0);
    const after = new Database(db.file, { readonly: true });
    const rows = after.prepare('select a.status, e.score, e.evaluator from answers a join evaluations e on e.answer_id = a.id').all();
    after.close();
    expect(rows).toEqual([{ status: 'scored', score: 8, evaluator: 'openai' }]);
    expect(thread().some((m) => /^Question 1\/1 — 8\/10/.test(headerOf(m) ?? ''))).toBe(true);
    expect(stderr).toBe('');
  }, 120_000);
});
