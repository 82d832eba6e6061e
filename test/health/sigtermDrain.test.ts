// storage: SQLite and PostgreSQL
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatReply, FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { FakeSlack, threadReply, type StoredMessage } from '../fakes/slack/index.js';
import { sql } from '../../src/db/drizzle.js';
import { withDatabase } from '../helpers/inspectDatabase.js';
import { createTempDatabaseLocation, type TempDatabaseLocation } from '../helpers/tempDb.js';
import { evaluationJson, promptKind } from '../reliability/llmReplies.js';
import { CHANNEL, headerOf, HOST } from '../slack/slackHarness.js';

const root = path.resolve(import.meta.dirname, '../..');
/** Each test has its own channel, so neither finds the other's round running. */
const SECOND_CHANNEL = 'C0PRACTICE2';

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
  let db: TempDatabaseLocation;
  let child: ChildProcess | undefined;
  let stderr = '';

  beforeAll(async () => {
    slack = await FakeSlack.start();
    slack.addChannel({ id: CHANNEL, name: 'practice' });
    slack.addChannel({ id: SECOND_CHANNEL, name: 'practice-2' });
    slack.addUser({ id: HOST, name: 'alice', real_name: 'Alice' });
    openai = await FakeOpenAI.start();
    db = await createTempDatabaseLocation();
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await slack?.stop();
    await openai?.close();
    await db?.cleanup();
  });

  /** src/main.ts in Slack HTTP mode against the fakes, scoring with the OpenAI fake; pino's JSON log on stdout. */
  function startBot(slackPort: number, healthPort: number, graceSeconds: string): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts')], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...db.env,
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
        SHUTDOWN_GRACE_SECONDS: graceSeconds,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Starts a one-question round as alice, answers it in text and resolves once the scoring request arrived. */
  async function answerUntilScoring(channel: string): Promise<StoredMessage> {
    await slack.sendSlashCommand({ command: '/mock-interview', text: 'backend 1', user_id: HOST, user_name: 'alice', channel_id: channel });
    const threadRoot = await slack.waitUntil(() => {
      const roots = slack.channelMessages(channel).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
      const rootMessage = roots.at(-1);
      const asked = rootMessage && slack.threadMessages(channel, rootMessage.ts).some((m) => /^Question 1\/1 · /.test(headerOf(m) ?? ''));
      return asked ? rootMessage : undefined;
    }, 30_000);
    const scoringBefore = openai.callsTo('chat').filter((r) => promptKind(r) === 'scoring').length;
    await slack.sendEvent(threadReply({ user: HOST, channel, thread_ts: threadRoot.ts, text: 'I would add a cache in front of the database and measure the hit rate.' }));
    await openai.server.nextRequest('chat', (r) => promptKind(r) === 'scoring' && openai.callsTo('chat').filter((c) => promptKind(c) === 'scoring').indexOf(r) >= scoringBefore);
    return threadRoot;
  }

  function answerRows(): Promise<unknown[]> {
    return withDatabase(db.env, (reader) => reader.rows(sql`select a.status, e.score, e.evaluator from answers a left join evaluations e on e.answer_id = a.id order by a.id`));
  }

  it('lets the held answer finish, stores and shows its score, then exits 0', async () => {
    const [slackPort, healthPort] = [await freePort(), await freePort()];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    openai.setDefault('chat', (request) => (promptKind(request) === 'scoring' ? { ...chatReply(evaluationJson(8)), hold: held } : chatReply('{}')));

    child = startBot(slackPort, healthPort, '120');
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    await logLine(child, 'interview coach running');
    slack.setBotEndpoint(`http://127.0.0.1:${slackPort}/slack/events`);

    const threadRoot = await answerUntilScoring(CHANNEL);
    const thread = (): StoredMessage[] => slack.threadMessages(CHANNEL, threadRoot.ts);

    // The answer's row exists before scoring: what a restart would pick up if the drain were cut short.
    expect((await answerRows()).at(-1)).toEqual({ status: 'transcribed', score: null, evaluator: null });

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
    expect((await answerRows()).at(-1)).toEqual({ status: 'scored', score: 8, evaluator: 'openai' });
    expect(thread().some((m) => /^Question 1\/1 — 8\/10/.test(headerOf(m) ?? ''))).toBe(true);
    expect(stderr).toBe('');
  }, 120_000);
  it('past the grace period it still exits 0; the stored answer is scored and shown after the restart', async () => {
    const [slackPort, healthPort] = [await freePort(), await freePort()];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    openai.setDefault('chat', (request) => (promptKind(request) === 'scoring' ? { ...chatReply(evaluationJson(3)), hold: held } : chatReply('{}')));
    const first = startBot(slackPort, healthPort, '0');
    child = first;
    const firstExit = new Promise<number | null>((resolve) => first.once('exit', (code) => resolve(code)));
    await logLine(first, 'interview coach running');
    slack.setBotEndpoint(`http://127.0.0.1:${slackPort}/slack/events`);
    const threadRoot = await answerUntilScoring(SECOND_CHANNEL);

    first.kill('SIGTERM');
    expect(await firstExit).toBe(0);
    const before = await answerRows();
    expect(before.at(-1)).toEqual({ status: 'transcribed', score: null, evaluator: null });
    release();

    // The restart finishes the answer with a healthy evaluator and edits its message into the feedback.
    openai.setDefault('chat', (request) => chatReply(promptKind(request) === 'scoring' ? evaluationJson(7) : '{}'));
    const [slackPort2, healthPort2] = [await freePort(), await freePort()];
    const second = startBot(slackPort2, healthPort2, '120');
    child = second;
    const secondExit = new Promise<number | null>((resolve) => second.once('exit', (code) => resolve(code)));
    await logLine(second, 'interview coach running');
    await slack.waitUntil(() => slack.threadMessages(SECOND_CHANNEL, threadRoot.ts).some((m) => /^Question 1\/1 — 7\/10/.test(headerOf(m) ?? '')), 30_000);
    expect((await answerRows()).at(-1)).toEqual({ status: 'scored', score: 7, evaluator: 'openai' });
    second.kill('SIGTERM');
    expect(await secondExit).toBe(0);
  }, 180_000);
});
