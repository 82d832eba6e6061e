/** Driving rounds of the production Discord bot through the fake, and watching what reaches the user. */
import dc from 'node:diagnostics_channel';
import type { StoredMessage, UserRef } from '../fakes/discord/index.js';
import { embedOf, type DiscordHarness } from '../helpers/discordBotHarness.js';
import type { SQL } from 'drizzle-orm';
import { sql } from '../../src/db/drizzle.js';
import type { OpenDatabase } from '../../src/db/openDatabaseFromConfig.js';
import { tableNames, withDatabase } from '../helpers/inspectDatabase.js';
import type { SessionId } from '../../src/ids.js';
import { inChannel, threadOf } from '../helpers/locations.js';

export interface Round {
  sessionId: SessionId;
  threadId: string;
  channelId: string;
  lobbyMessageId: string;
}

export interface RoundOptions {
  role?: string;
  questions?: number;
  host?: UserRef;
  /** Others who press Join before the host presses Start now. */
  joiners?: UserRef[];
  channelName?: string;
  /** An existing channel (e.g. in another server) instead of a new one. */
  channelId?: string;
  /** More /mock-interview options, e.g. job_description. */
  extra?: Record<string, string | number | boolean>;
}

let channelCounter = 0;

/**
 * `/mock-interview mode:text` in a new channel, Join for each joiner, Start now by the host, then waits for
 * question 1 in the thread. The harness must run with a non-zero LOBBY_SECONDS so joining happens in the lobby.
 */
export async function startRound(h: DiscordHarness, options: RoundOptions = {}): Promise<Round> {
  const host = options.host ?? firstUser(h);
  const channelId = options.channelId ?? h.fake.createTextChannel(options.channelName ?? `room-${++channelCounter}`).id;
  const cmd = h.fake.sendSlashCommand({
    name: 'mock-interview',
    // lobby:true: a text round would otherwise start at once, before anyone could join.
    options: { role: options.role ?? 'backend', questions: options.questions ?? 1, mode: 'text', lobby: true, ...options.extra },
    user: host,
    channelId,
  });
  const lobby = await cmd.waitForResponse((r) => r.kind === 'editOriginal');
  const lobbyMessageId = lobby.messageId ?? '';
  const session = await h.fake.waitUntil(async () => {
    const s = await h.services.engine.findOpen(inChannel(channelId));
    return threadOf(s) ? s : undefined;
  }, 5000, 'an open session with its thread');
  for (const joiner of options.joiners ?? []) {
    const join = h.fake.clickButton({ customId: `ic:join:${session.id}`, messageId: lobbyMessageId, user: joiner });
    await join.waitForResponse();
  }
  await h.fake.waitUntil(async () => ((await h.services.engine.participants(session.id)).length === 1 + (options.joiners?.length ?? 0) ? true : undefined), 5000, 'joiners');
  h.fake.clickButton({ customId: `ic:start:${session.id}`, messageId: lobbyMessageId, user: host });
  const threadId = threadOf(session) ?? '';
  await waitForTitle(h, threadId, 'Question 1/');
  return { sessionId: session.id, threadId, channelId, lobbyMessageId };
}

export function firstUser(h: DiscordHarness): UserRef {
  const user = h.fake.testUsers[0];
  if (!user) throw new Error('no test user');
  return user;
}

export function secondUser(h: DiscordHarness): UserRef {
  const user = h.fake.testUsers[1];
  if (!user) throw new Error('no second test user');
  return user;
}

export function botMessages(h: DiscordHarness, channelId: string): StoredMessage[] {
  return h.fake.channelMessages(channelId).filter((m) => m.authorId === h.fake.botUser.id);
}

/** Everything a message shows (content and embeds), for `includes` checks. */
export function shownText(message: StoredMessage | undefined): string {
  if (!message) return '';
  const e = embedOf(message);
  return [message.content, e.title, e.description, ...e.fields.flatMap((f) => [f.name, f.value]), e.footer].join('\n');
}

export function waitForTitle(h: DiscordHarness, channelId: string, prefix: string, timeoutMs = 10_000): Promise<StoredMessage> {
  return h.fake.waitUntil(() => botMessages(h, channelId).find((m) => embedOf(m).title.startsWith(prefix)), timeoutMs, `a bot message titled "${prefix}…"`);
}

export function waitForText(h: DiscordHarness, channelId: string, text: string, timeoutMs = 10_000): Promise<StoredMessage> {
  return h.fake.waitUntil(() => botMessages(h, channelId).find((m) => shownText(m).includes(text)), timeoutMs, `a bot message containing "${text}"`);
}

/** The error cards the bot showed in a channel (posted, or a progress message edited into one). */
export function errorCards(h: DiscordHarness, channelId: string): StoredMessage[] {
  return botMessages(h, channelId).filter((m) => embedOf(m).title === 'Something needs attention');
}

/** The one error card a bad input produced, once it is there. */
export async function waitForError(h: DiscordHarness, channelId: string, before: number, timeoutMs = 10_000): Promise<string> {
  const card = await h.fake.waitUntil(() => errorCards(h, channelId)[before], timeoutMs, 'an error card');
  return embedOf(card).description;
}

/** True when a string holds half of a surrogate pair (Discord would show it as �, or refuse it). */
export function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

export interface RejectionWatch {
  readonly reasons: unknown[];
  stop(): void;
}

/** Collects every unhandled promise rejection in this worker until stopped. */
export function watchUnhandledRejections(): RejectionWatch {
  const reasons: unknown[] = [];
  const listener = (reason: unknown): void => {
    reasons.push(reason);
  };
  process.on('unhandledRejection', listener);
  return { reasons, stop: () => process.off('unhandledRejection', listener) };
}

export interface DownloadWatch {
  /** Paths of HTTP requests this process made to `/attachments/…` (fetch publishes every request it creates). */
  readonly paths: string[];
  stop(): void;
}

export function watchAttachmentDownloads(): DownloadWatch {
  const paths: string[] = [];
  const listener = (message: unknown): void => {
    const path = requestPath(message);
    if (path?.includes('/attachments/')) paths.push(path);
  };
  dc.subscribe('undici:request:create', listener);
  return { paths, stop: () => dc.unsubscribe('undici:request:create', listener) };
}

function requestPath(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null || !('request' in message)) return undefined;
  const request = message.request;
  if (typeof request !== 'object' || request === null || !('path' in request)) return undefined;
  return typeof request.path === 'string' ? request.path : undefined;
}

/** Row counts of every table, for "nothing lost" and "everything deleted" checks (SQLite or Postgres, as the bot uses). */
export function tableCounts(h: DiscordHarness): Promise<Record<string, number>> {
  return withDatabase(h.location.env, async (database) => {
    const counts: Record<string, number> = {};
    for (const table of await tableNames(database)) counts[table] = await countIn(database, `select count(*) as n from "${table}"`);
    return counts;
  });
}

/** `select count(*) as n …` with `?` placeholders, on a connection of its own to the bot's database. */
export function countOf(h: DiscordHarness, query: string, ...params: (string | number)[]): Promise<number> {
  return withDatabase(h.location.env, (database) => countIn(database, query, ...params));
}

/** `select count(*) as n …` with `?` placeholders on an open database, whichever dialect. */
export async function countIn(database: OpenDatabase, query: string, ...params: (string | number)[]): Promise<number> {
  const [row] = await database.rows<{ n: number | string }>(withPlaceholders(query, params));
  return row === undefined ? Number.NaN : Number(row.n);
}

/** SQL text with `?` placeholders (no `?` inside its literals) as a parameterised query for either dialect. */
function withPlaceholders(query: string, params: (string | number)[]): SQL {
  const parts = query.split('?');
  if (parts.length !== params.length + 1) throw new Error(`${parts.length - 1} placeholders for ${params.length} parameters: ${query}`);
  const chunks: SQL[] = [];
  parts.forEach((part, index) => {
    chunks.push(sql.raw(part));
    if (index < params.length) chunks.push(sql`${params[index]}`);
  });
  return sql.join(chunks);
}

/** Polls `check` (for state outside the fake, e.g. the bot's caches) until it is true. */
export async function pollUntil(check: () => boolean, timeoutMs = 5000, what = 'a condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
