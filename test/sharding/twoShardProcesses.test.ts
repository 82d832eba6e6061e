// storage: SQLite and PostgreSQL
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands } from '../../src/bot/discord/deployCommands.js';
import { parseConfig } from '../../src/config/index.js';
import { FakeDiscord, shardOfGuild, type FakeGuild, type StoredMessage } from '../fakes/discord/index.js';
import { chatReply, FakeOpenAI, type RecordedRequest, type ScriptedReply } from '../fakes/openai/FakeOpenAI.js';
import { embedOf } from '../helpers/discordBotHarness.js';
import { fakeDiscordEnv } from '../helpers/fakeDiscordEnv.js';
import { TSX_LOADER } from '../reliability/childCli.js';
import { evaluationJson, promptKind } from '../reliability/llmReplies.js';
import { createTempPgDatabase, testsOnPostgres, type TempPgDatabase } from '../helpers/tempPgDatabase.js';

/*
 * The production entry point with DISCORD_SHARDS=auto, as its own process: discord.js's ShardingManager asks the fake
 * for its recommended count (2) and forks src/main.ts once per shard. Two bot processes, one database — a SQLite file
 * (WAL), or with TEST_DATABASE_URL a fresh Postgres database (DATABASE_URL) — and one local Discord that routes each
 * guild's events to its shard only.
 */
const MAIN = path.resolve(import.meta.dirname, '../../src/main.ts');
/** Start-up of whole bot processes (tsx, every SDK) on a shared 2-core machine: the manager, then two shards. */
const BOOT_MS = 180_000;
/** The answer whose scoring is held open while its shard is killed. */
const HELD_ANSWER = 'I would put a read replica behind the API and cache the hot keys.';

let fake: FakeDiscord;
let openai: FakeOpenAI;
let dir: string;
let dbFile: string;
let pgDatabase: TempPgDatabase | undefined;
let manager: ChildProcess;
let managerExited: Promise<void>;
let holdScoring = true;
let guildA: FakeGuild;
let guildB: FakeGuild;
/** Log lines of the manager and its shards (they share its stdout). */
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-shards-'));
  dbFile = path.join(dir, 'bot.db');
  fake = new FakeDiscord({ recommendedShards: 2, maxConcurrency: 2 });
  await fake.start();
  guildA = fake.createGuild('Shard zero server', { shard: [0, 2] });
  guildB = fake.createGuild('Shard one server', { shard: [1, 2] });
  openai = await FakeOpenAI.start();
  openai.setDefault('chat', (request: RecordedRequest): ScriptedReply => {
    const held = holdScoring && promptKind(request) === 'scoring' && request.body.toString('utf8').includes(HELD_ANSWER);
    return held ? { delayMs: 600_000, ...chatReply(evaluationJson()) } : chatReply(evaluationJson());
  });
  const env: Record<string, string> = {
    ...fakeDiscordEnv(fake, dbFile),
    // Global commands, so every guild has them.
    DISCORD_GUILD_ID: '',
    DISCORD_SHARDS: 'auto',
    RESTART_GRACE_SECONDS: '600',
    LOG_LEVEL: 'info',
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    EVALUATOR_PROVIDER: 'auto',
    OPENAI_BASE_URL: openai.url,
    OPENAI_API_KEY: 'sk-test',
    PROVIDER_TIMEOUT_MS: '600000',
  };
  if (testsOnPostgres) {
    pgDatabase = await createTempPgDatabase();
    env['DATABASE_URL'] = pgDatabase.url;
  }
  await deployCommands(parseConfig(env));
  manager = spawn(process.execPath, ['--import', TSX_LOADER, MAIN], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  managerExited = new Promise((resolve) => manager.once('exit', () => resolve()));
  let stderr = '';
  let pending = '';
  manager.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  manager.stdout?.on('data', (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  await fake.waitUntil(() => {
    if (manager.exitCode !== null) throw new Error(`the manager exited with ${manager.exitCode}: ${stderr.trim()}`);
    return fake.gateway.readyShards().filter((s) => s[1] === 2).length === 2 ? true : undefined;
  }, BOOT_MS, 'both shards to log in');
}, BOOT_MS + 30_000);

afterAll(async () => {
  if (manager && manager.exitCode === null && manager.signalCode === null) {
    manager.kill('SIGTERM');
    await managerExited;
  }
  await fake?.stop();
  await openai?.close();
  await pgDatabase?.drop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** The pids the manager logged for a shard, oldest first. */
const shardPids = (shard: number): number[] =>
  logLines.filter((l) => l['msg'] === 'discord shard process started' && l['shard'] === shard).map((l) => Number(l['pid']));

const botMessages = (channelId: string): StoredMessage[] => fake.channelMessages(channelId).filter((m) => m.authorId === fake.botUser.id);
const titled = (channelId: string, prefix: string) => (): StoredMessage | undefined => botMessages(channelId).find((m) => embedOf(m).title.startsWith(prefix));

interface SessionFacts {
  id: string;
  status: string;
  owner: string | null;
  lease_until: number | null;
  channel_id: string;
  thread_id: string | null;
}

/** Rows as the bots stored them, read straight from the database (`?` stands for the one parameter). */
async function query<T>(text: string, param: string): Promise<T[]> {
  if (pgDatabase) {
    const client = new pg.Client({ connectionString: pgDatabase.url });
    await client.connect();
    try {
      return (await client.query(text.replace('?', '$1'), [param])).rows as T[];
    } finally {
      await client.end();
    }
  }
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(text).all(param) as T[];
  } finally {
    db.close();
  }
}

function sessionsIn(channelId: string): Promise<SessionFacts[]> {
  return query<SessionFacts>("select id, status, owner, lease_until, channel_id, thread_id from sessions where channel_id = ? and kind = 'interview'", channelId);
}

async function answerStatus(sessionId: string): Promise<string[]> {
  return (await query<{ status: string }>('select status from answers where session_id = ? order by id', sessionId)).map((r) => r.status);
}

async function startRound(guild: FakeGuild, channelId: string): Promise<{ session: SessionFacts; threadId: string }> {
  await fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'backend', questions: 2, mode: 'text' }, channelId }).waitForResponse((r) => r.kind === 'editOriginal', 60_000);
  const threadId = await fake.waitUntil(() => [...fake.state.channels.values()].find((c) => c.parentId === channelId)?.id, 30_000, `the round thread in ${guild.name}`);
  await fake.waitUntil(titled(threadId, 'Question 1/2'), 30_000, 'question 1');
  const [session] = await sessionsIn(channelId);
  if (!session) throw new Error('no stored round');
  return { session, threadId };
}

describe('two bot processes as two Discord shards over one database', () => {
  it('spawns one process per shard, each identifying as its shard', () => {
    expect(fake.gateway.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(shardPids(0)).toHaveLength(1);
    expect(shardPids(1)).toHaveLength(1);
    expect(shardPids(0)[0]).not.toBe(shardPids(1)[0]);
    expect(shardOfGuild(guildA.id, 2)).toBe(0);
    expect(shardOfGuild(guildB.id, 2)).toBe(1);
  });

  it('opens one round when two people start one in the same channel at once', async () => {
    const channelId = fake.createTextChannel('race-room', guildA.id).id;
    const [alice, bob] = fake.testUsers;
    if (!alice || !bob) throw new Error('two test users');
    const first = fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'backend', questions: 2, mode: 'text' }, channelId, user: alice });
    const second = fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'frontend', questions: 2, mode: 'text' }, channelId, user: bob });
    const saidRunning = (h: typeof first) => h.responses().some((r) => JSON.stringify(r.data).includes('already running'));
    await fake.waitUntil(() => (saidRunning(first) || saidRunning(second) ? true : undefined), 60_000, 'one start refused as already running');
    const winner = saidRunning(first) ? second : first;
    await winner.waitForResponse((r) => r.kind === 'editOriginal', 60_000);
    expect(saidRunning(first) && saidRunning(second)).toBe(false);
    const open = (await sessionsIn(channelId)).filter((s) => s.status === 'active' || s.status === 'lobby');
    expect(open).toHaveLength(1);
    expect(open[0]?.owner).toBe('discord-shard-0');
  });

  it("answers each guild from its own shard; killing one mid-answer loses nothing and the other leaves its round alone", async () => {
    const a = await startRound(guildA, guildA.textChannel.id);
    const b = await startRound(guildB, guildB.textChannel.id);
    expect(a.session.owner).toBe('discord-shard-0');
    expect(b.session.owner).toBe('discord-shard-1');
    // Each slash command reached exactly one gateway session: its guild's shard.
    expect(fake.gateway.dispatches.filter((d) => d.event === 'INTERACTION_CREATE').every((d) => d.delivered === 1)).toBe(true);

    // Shard 1 is killed while the evaluator holds the scoring of its answer.
    const scoring = openai.callsTo('chat').length;
    fake.sendMessage({ channelId: b.threadId, content: HELD_ANSWER });
    await fake.waitUntil(() => (openai.callsTo('chat').slice(scoring).some((r) => promptKind(r) === 'scoring') ? true : undefined), 60_000, 'the held scoring request');
    const status = await fake.waitUntil(titled(b.threadId, '📝'), 30_000, 'the scoring status message');
    const [pid] = shardPids(1);
    if (pid === undefined) throw new Error('no pid for shard 1');
    process.kill(pid, 'SIGKILL');
    await fake.waitUntil(() => (fake.gateway.readyShards().some((s) => s[0] === 1) ? undefined : true), 30_000, 'shard 1 gone from the gateway');
    expect(await answerStatus(b.session.id)).toEqual(['transcribed']);
    const [before] = await sessionsIn(guildB.textChannel.id);

    // Shard 0 keeps serving its guild meanwhile, and does not touch shard 1's round.
    fake.sendMessage({ channelId: a.threadId, content: 'I would profile the slow query first, then add an index on the column it filters by.' });
    await fake.waitUntil(titled(a.threadId, 'Question 1/2 —'), 60_000, 'shard 0 scoring its own answer');
    const [during] = await sessionsIn(guildB.textChannel.id);
    expect(during).toEqual(before);
    expect(during?.owner).toBe('discord-shard-1');
    expect(botMessages(b.threadId).some((m) => embedOf(m).title.startsWith('🔁'))).toBe(false);

    // The manager starts shard 1 again: it takes its own round back within the grace period and finishes the answer.
    holdScoring = false;
    await fake.waitUntil(() => (shardPids(1).length === 2 && fake.gateway.readyShards().some((s) => s[0] === 1) ? true : undefined), BOOT_MS, 'shard 1 started again');
    await fake.waitUntil(() => (embedOf(fake.message(status.id)).title.startsWith('Question 1/2 —') ? true : undefined), 60_000, 'the held answer scored after the restart');
    await fake.waitUntil(titled(b.threadId, '🔁 I restarted'), 30_000, 'the restart note');
    await fake.waitUntil(titled(b.threadId, 'Question 2/2'), 30_000, 'question 2 after the restart');
    expect(await answerStatus(b.session.id)).toEqual(['scored']);
    const [after] = await sessionsIn(guildB.textChannel.id);
    expect(after?.owner).toBe('discord-shard-1');
    expect(after?.status).toBe('active');
    // Shard 0's round went on undisturbed.
    expect((await sessionsIn(guildA.textChannel.id))[0]?.owner).toBe('discord-shard-0');
  }, 2 * BOOT_MS);
});
