// storage: SQLite and PostgreSQL
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { deployCommands } from '../../src/bot/discord/deployCommands.js';
import { parseConfig } from '../../src/config/index.js';
import { sql } from '../../src/db/drizzle.js';
import { FakeDiscord, type StoredMessage } from '../fakes/discord/index.js';
import { chatReply, FakeOpenAI, type RecordedRequest, type ScriptedReply } from '../fakes/openai/FakeOpenAI.js';
import { embedOf } from '../helpers/discordBotHarness.js';
import { fakeDiscordEnv } from '../helpers/fakeDiscordEnv.js';
import { withDatabase } from '../helpers/inspectDatabase.js';
import { createTempDatabaseLocation, type TempDatabaseLocation } from '../helpers/tempDb.js';
import { TSX_LOADER } from './childCli.js';
import { evaluationJson, promptKind } from './llmReplies.js';
import { ReliabilityRecorder } from './recorder.js';

const rec = new ReliabilityRecorder('crashRestart', 'Killed mid-answer: the bot as a child process, SIGKILL, restart');
const MAIN = path.resolve(import.meta.dirname, '../../src/main.ts');
/** Start-up of a whole bot process (tsx, every SDK) on a shared 2-core machine. */
const BOOT_MS = 90_000;

let fake: FakeDiscord;
let openai: FakeOpenAI;
let location: TempDatabaseLocation;
let env: Record<string, string>;
const children: ChildProcess[] = [];
/** While set, scoring requests are held open: the evaluator is "thinking" when the process dies. */
let holdScoring = true;

beforeAll(async () => {
  location = await createTempDatabaseLocation('bot.db');
  fake = new FakeDiscord();
  await fake.start();
  openai = await FakeOpenAI.start();
  openai.setDefault('chat', (request: RecordedRequest): ScriptedReply => {
    if (promptKind(request) === 'scoring' && holdScoring) return { delayMs: 600_000, ...chatReply(evaluationJson()) };
    return chatReply(evaluationJson());
  });
  env = {
    ...fakeDiscordEnv(fake, location.env),
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DISCORD_MESSAGE_CONTENT_INTENT: 'true',
    EVALUATOR_PROVIDER: 'auto',
    OPENAI_BASE_URL: openai.url,
    OPENAI_API_KEY: 'sk-test',
    PROVIDER_TIMEOUT_MS: '600000',
  };
  await deployCommands(parseConfig(env));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await fake?.stop();
  await openai?.close();
  await location?.cleanup();
  await rec.flush();
});

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** `src/main.ts`, the production entry point, as its own process against the fakes; resolves once it has logged in. */
async function startBot(): Promise<ChildProcess> {
  const logins = fake.gateway.identifies.length;
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN], { env, cwd: location.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  children.push(child);
  await fake.waitUntil(() => {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}: ${stderr.trim()}`);
    return fake.gateway.identifies.length > logins && fake.gateway.readySessionCount > 0 ? true : undefined;
  }, BOOT_MS, 'the bot process to log in');
  return child;
}

const botMessages = (channelId: string): StoredMessage[] => fake.channelMessages(channelId).filter((m) => m.authorId === fake.botUser.id);
const titled = (channelId: string, prefix: string) => (): StoredMessage | undefined => botMessages(channelId).find((m) => embedOf(m).title.startsWith(prefix));

describe('a text round whose answer was being scored when the bot was killed', () => {
  rec.case(
    {
      area: 'crash',
      input: 'SIGKILL of the bot process while the evaluator holds the scoring request of answer 1 of a 2-question round; restart',
      expected: 'the answer is scored after the restart (its message edited), the round goes on to Question 2/2 and its summary; no "already answered"',
    },
    async (observe) => {
      let bot = await startBot();
      const channelId = fake.createTextChannel('crash-room').id;
      await fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'backend', questions: 2, mode: 'text' }, channelId }).waitForResponse((r) => r.kind === 'editOriginal', 30_000);
      const threadId = await fake.waitUntil(() => [...fake.state.channels.values()].find((c) => c.parentId === channelId)?.id, 30_000, 'the round thread');
      await fake.waitUntil(titled(threadId, 'Question 1/2'), 30_000, 'question 1');

      fake.sendMessage({ channelId: threadId, content: 'Um, I would put a read replica behind the API and cache the hot keys.' });
      // The scoring request is the first of this file (the evaluator holds it); it is awaited on the OpenAI fake itself.
      await openai.server.nextRequest('chat', (r) => promptKind(r) === 'scoring');
      const status = await fake.waitUntil(titled(threadId, '📝'), 30_000, 'the scoring status message');
      bot.kill('SIGKILL');
      await exited(bot);
      const killedWith = await storedStatus();
      observe(`killed (${bot.signalCode}) with answer 1 "${killedWith}"`);
      expect(killedWith).toBe('transcribed');

      holdScoring = false;
      bot = await startBot();
      await fake.waitUntil(() => (embedOf(fake.message(status.id)).title.startsWith('Question 1/2 —') ? true : undefined), 60_000, 'answer 1 scored after the restart, its message edited');
      await fake.waitUntil(titled(threadId, '🔁 I restarted'), 30_000, 'the restart note');
      const q2 = await fake.waitUntil(titled(threadId, 'Question 2/2'), 30_000, 'question 2 after the restart');
      fake.sendMessage({ channelId: threadId, content: 'I would profile the slow query first, then add an index on the column it filters by.' });
      await fake.waitUntil(titled(threadId, 'Question 2/2 —'), 60_000, 'feedback on answer 2');
      const summary = await fake.waitUntil(titled(threadId, '🏁 Round complete'), 30_000, 'the round summary');

      const shown = botMessages(threadId).map((m) => JSON.stringify(m.embeds));
      const questionOneAsked = botMessages(threadId).filter((m) => /^Question 1\/2(?! —)/.test(embedOf(m).title)).length;
      const finalStatus = await sessionStatus();
      observe(`after restart: answer 1 edited into "${embedOf(fake.message(status.id)).title}", "${embedOf(q2).title.slice(0, 40)}…", then "${embedOf(summary).title}"; question 1 asked ${questionOneAsked}×; session ${finalStatus}`);
      expect(shown.some((text) => text.includes('already answered'))).toBe(false);
      expect(questionOneAsked).toBe(1);
      expect(finalStatus).toBe('ended');
      bot.kill('SIGTERM');
      await exited(bot);
    },
    6 * BOOT_MS,
  );
});

/** What an operator would read from the database the bot uses (a SQLite file or Postgres), on a connection of its own. */
async function firstValue(query: ReturnType<typeof sql>): Promise<string | undefined> {
  const [row] = await withDatabase(location.env, (db) => db.rows<{ status: string }>(query));
  return row?.status;
}

const storedStatus = () => firstValue(sql`select status from answers order by id limit 1`);

const sessionStatus = () => firstValue(sql`select status from sessions where kind = 'interview' order by created_at desc limit 1`);
