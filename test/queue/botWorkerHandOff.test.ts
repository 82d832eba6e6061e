// storage: PostgreSQL only — a bot and a worker process sharing pg-boss and LISTEN/NOTIFY, which need Postgres.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres/openPostgres.js';
import { embedOf, field, startDiscordHarness, type DiscordHarness } from '../helpers/discordBotHarness.js';
import type { TempDatabaseLocation } from '../helpers/tempDb.js';
import { createTempPgDatabase, type TempPgDatabase } from '../helpers/tempPgDatabase.js';
import { inChannel, threadOf } from '../helpers/locations.js';
import type { StoredMessage } from '../fakes/discord/index.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { encodeFixture, synthesizeAnswer } from '../helpers/audioFixtures.js';
import { CLI_ENTRY, TSX_LOADER } from '../reliability/childCli.js';
import { followLines, type ChildLines } from './childLines.js';
import { waitFor } from './pgScratch.js';
import type { SessionId } from '../../src/ids.js';

/*
 * ANSWER_QUEUE=pg-boss end to end on the real Postgres: the production Discord bot (real discord.js against the fake
 * Discord) as a gateway only (BOT_QUEUE_CONCURRENCY=0) and an `interview-coach worker` child process. The bot stores
 * the answer with its job, the worker scores it, the bot hears the commit and edits the answer's message into the card.
 */
let server: TempPgDatabase;
let dir: string;
let h: DiscordHarness;
let openai: FakeOpenAI;
let ogg: Buffer;
let spokenSec: number;
const children: ChildProcess[] = [];

const shared = (): Record<string, string> => ({
  DATABASE_URL: server.url,
  WHISPER_BASE_URL: openai.url,
  WHISPER_API_KEY: 'test-whisper-key',
  EVALUATOR_PROVIDER: 'rubric',
  QUEUE_MONITOR_SECONDS: '1',
  QUEUE_RETRY_DELAY_SECONDS: '1',
  SHUTDOWN_GRACE_SECONDS: '2',
});

function location(): TempDatabaseLocation {
  return {
    env: { DATABASE_PATH: path.join(dir, 'bot.db'), DATABASE_URL: server.url },
    dir,
    open: () => openPostgres(server.url, { max: 4 }),
    // The test drops the database and the folder itself, after every process is gone.
    cleanup: () => Promise.resolve(),
  };
}

const botEnv = (): Record<string, string> => ({ ...shared(), ANSWER_QUEUE: 'pg-boss', BOT_QUEUE_CONCURRENCY: '0' });

beforeAll(async () => {
  server = await createTempPgDatabase();
  openai = await FakeOpenAI.start();
  const fixture = await synthesizeAnswer();
  spokenSec = fixture.durationSec;
  ogg = await encodeFixture(fixture.pcm, 'ogg');
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-handoff-'));
  h = await startDiscordHarness(botEnv(), {}, { location: location() });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await h?.stop();
  await openai?.close();
  await server?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function startWorker(): { child: ChildProcess; out: ChildLines } {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', LOG_LEVEL: 'silent', DATABASE_PATH: path.join(dir, 'worker.db'), ...shared() };
  const child = spawn(process.execPath, ['--import', TSX_LOADER, CLI_ENTRY, 'worker'], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return { child, out: followLines(child) };
}

async function stopWorker(worker: { child: ChildProcess; out: ChildLines }): Promise<void> {
  worker.child.kill('SIGTERM');
  expect(await worker.out.exited).toEqual({ code: 0, signal: null });
}

const botMessages = (channelId: string): StoredMessage[] => h.fake.channelMessages(channelId).filter((m) => m.authorId === h.fake.botUser.id);
const feedbackIn = (threadId: string) => botMessages(threadId).find((m) => embedOf(m).title.startsWith('Question 1/1 —'));

async function textRound(name: string): Promise<{ threadId: string; sessionId: SessionId }> {
  const [alice] = h.fake.testUsers;
  const channel = h.fake.createTextChannel(name).id;
  h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'backend', questions: 1, mode: 'text' }, user: alice, channelId: channel });
  const session = await h.fake.waitUntil(async () => {
    const s = await h.services.engine.findOpen(inChannel(channel));
    const thread = threadOf(s);
    return s && thread ? { id: s.id, thread } : undefined;
  }, 10_000, 'session with thread');
  const threadId = session.thread;
  await h.fake.waitUntil(() => botMessages(threadId).find((m) => embedOf(m).title.startsWith('Question 1/1')), 10_000, 'question 1');
  return { threadId, sessionId: session.id };
}

describe('the bot hands answers to a worker on another process (pg-boss on the real Postgres)', { timeout: 90_000 }, () => {
  it('a text answer: stored with its job, scored by the worker, the card posted by the bot', async () => {
    const worker = startWorker();
    await worker.out.waitForLine(/^worker ready/);
    const { threadId, sessionId } = await textRound('handoff-text');
    const [alice] = h.fake.testUsers;
    h.fake.sendMessage({ channelId: threadId, author: alice, content: 'Um, I would add an index on the user id and cache the hot rows.' });

    const card = await h.fake.waitUntil(() => feedbackIn(threadId), 30_000, 'the feedback card');
    expect(field(embedOf(card), 'Wording')).toContain('um ×1');
    const [answer] = await h.services.repos.answers.forSession(sessionId);
    expect(answer?.answer.status).toBe('scored');
    const answerId = answer?.answer.id ?? 0;
    // The worker did the work (the bot is a gateway only here) and the round moved on once the card was shown.
    await worker.out.waitForLine(new RegExp(`^answer ${answerId}: scored$`));
    expect(worker.out.lines).toContain(`took answer ${answerId} (attempt 1)`);
    await waitFor('the round to end', async () => ((await h.services.engine.get(sessionId)).status === 'ended' ? true : undefined));
    expect(await server.query('SELECT * FROM feedback_owed')).toEqual([]);
    const jobs = await server.query<{ state: string }>("SELECT state::text AS state FROM pgboss.job WHERE name = 'answer-work' AND singleton_key = $1", [String(answerId)]);
    expect(jobs.map((j) => j.state)).toEqual(['completed']);
    await stopWorker(worker);
  });

  it('a Discord voice message: its audio stored in the database, transcribed and scored by the worker, the card posted by the bot', async () => {
    const worker = startWorker();
    await worker.out.waitForLine(/^worker ready/);
    const { threadId, sessionId } = await textRound('handoff-voice');
    const uploadsBefore = openai.callsTo('transcriptions').length;
    h.fake.sendVoiceMessage({ channelId: threadId, audio: ogg, durationSecs: spokenSec });

    const card = await h.fake.waitUntil(() => feedbackIn(threadId), 30_000, 'the feedback card');
    const delivery = field(embedOf(card), 'Delivery');
    expect(delivery).toMatch(/^Delivery \d+\/100 — /);
    expect(delivery).toContain('um ×1');
    const [record] = await h.services.repos.answers.forSession(sessionId);
    const answerId = record?.answer.id ?? 0;
    // Transcribed by the worker: the transcriber's kind and model in their own columns.
    expect(record?.answer).toMatchObject({ inputKind: 'voice_message', status: 'scored', transcriber: 'openai', transcriberModel: 'whisper-1' });
    expect(record?.metrics?.speechSec).toBeGreaterThan(4);
    await worker.out.waitForLine(new RegExp(`^answer ${answerId}: scored$`));
    // Transcribed once, by the worker (the bot is a gateway only), and its audio gone from the database.
    expect(openai.callsTo('transcriptions').length - uploadsBefore).toBe(1);
    expect(await server.query('SELECT answer_id FROM answer_audio')).toEqual([]);
    const charged = await server.query<{ seconds: number }>('SELECT seconds FROM transcription_charges WHERE answer_id = $1', [answerId]);
    expect(charged).toHaveLength(1);
    expect((await h.services.repos.usage.get('user', record?.answer.userId ?? 0)).transcriptionSec).toBeCloseTo(charged[0]?.seconds ?? -1, 6);
    await stopWorker(worker);
  });

  it('a result that lands while the bot is down is posted once by the restarted bot', async () => {
    const { threadId, sessionId } = await textRound('handoff-restart');
    const [alice] = h.fake.testUsers;
    // No worker yet: the answer is stored with its job and waits.
    h.fake.sendMessage({ channelId: threadId, author: alice, content: 'I would shard the table by tenant and keep a lookup of where each tenant lives.' });
    const [stored] = await waitFor('the answer stored with its job', async () => {
      const rows = await server.query<{ answer_id: number }>('SELECT answer_id FROM feedback_owed');
      return rows.length > 0 ? rows : undefined;
    });
    const answerId = stored?.answer_id ?? 0;
    const fake = h.fake;
    await h.crash();

    const worker = startWorker();
    await worker.out.waitForLine(new RegExp(`^answer ${answerId}: scored$`));
    await stopWorker(worker);
    expect(feedbackIn(threadId)).toBeUndefined();

    h = await startDiscordHarness(botEnv(), {}, { fake, location: location() });
    const card = await fake.waitUntil(() => feedbackIn(threadId), 20_000, 'the owed card after the restart');
    expect(embedOf(card).title).toMatch(/^Question 1\/1 —/);
    expect(await server.query('SELECT * FROM feedback_owed')).toEqual([]);
    await waitFor('the round to end', async () => ((await h.services.engine.get(sessionId)).status === 'ended' ? true : undefined));
    // Once: one card for the answer in the thread.
    expect(botMessages(threadId).filter((m) => embedOf(m).title.startsWith('Question 1/1 —'))).toHaveLength(1);
  });
});
