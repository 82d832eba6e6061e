// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startApp, type RunningApp } from '../../src/app.js';
import { deployCommands } from '../../src/bot/discord/deployCommands.js';
import { parseConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { embedOf, type DiscordHarness } from '../helpers/discordBotHarness.js';
import { failures, FakeDiscord } from '../fakes/discord/index.js';
import { chatReply, errorReply, FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { FakeGemini } from '../fakes/gemini/FakeGemini.js';
import { shortSpokenAnswer } from './audioFaults.js';
import { botMessages, startRound, waitForTitle, watchUnhandledRejections, type RejectionWatch } from './discordDriver.js';
import { healthyJson } from './llmReplies.js';
import { ReliabilityRecorder } from './recorder.js';
import { createTempDatabaseLocation, type TempDatabaseLocation } from '../helpers/tempDb.js';
import { drillFor } from '../helpers/locations.js';

const rec = new ReliabilityRecorder('logsAndDiscordFaults', 'Logs and Discord API faults');

const OPENAI_KEY = 'sk-test-SECRET123';
const GEMINI_KEY = 'AIza-test-SECRET789';
const DISCORD_TOKEN = 'discord-token-SECRET456';
const TYPED_ANSWER = 'PURPLE-OCTOPUS: I would add an index on the user id and cache the hot rows.';
const SPOKEN_ANSWER = ' TANGERINE-WALRUS, I would put a cache in front of the database.';

let rejections: RejectionWatch;
let openai: FakeOpenAI;
let fake: FakeDiscord;
let app: RunningApp;
let h: DiscordHarness;
let location: TempDatabaseLocation | undefined;
const logLines: string[] = [];

beforeAll(async () => {
  rejections = watchUnhandledRejections();
  openai = await FakeOpenAI.start();
  openai.requiredKey = OPENAI_KEY;
  openai.setDefault('chat', (request) => chatReply(healthyJson(request)));
  openai.transcript = { language: 'english', duration: 3, segments: [{ start: 0, end: 3, text: SPOKEN_ANSWER, words: [] }] };
  fake = new FakeDiscord({ token: DISCORD_TOKEN });
  await fake.start();
  const where = await createTempDatabaseLocation('bot.db');
  location = where;
  const config = parseConfig({
    DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_GUILD_ID: fake.guild.id,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_MESSAGE_CONTENT_INTENT: 'true',
    ...where.env,
    LOBBY_SECONDS: '600',
    LIMIT_SESSIONS_PER_USER_PER_DAY: '1000',
    LOG_LEVEL: 'info',
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: openai.url,
    // Gemini is down: questions fall back to the bank, TTS to espeak (failures that could be logged with their keys).
    GEMINI_API_KEY: GEMINI_KEY,
    GEMINI_BASE_URL: await FakeGemini.closedPortUrl(),
    QUESTION_PROVIDER: 'gemini',
    EVALUATOR_PROVIDER: 'openai',
    PROVIDER_TIMEOUT_MS: '300',
    PROVIDER_MAX_RETRIES: '1',
    TRANSCRIPTION_RETRY_SECONDS: '3600',
  });
  await deployCommands(config);
  // The production composition root, logging at info into memory instead of stdout.
  app = await startApp(config, createLogger('info', { write: (line: string) => void logLines.push(line) }));
  const discord = app.discord;
  if (!discord) throw new Error('the Discord bot did not start');
  h = { fake, bot: discord, services: app.services, config, location: where, stop: () => app.stop(), crash: () => app.stop() };
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
  await openai?.close();
  await location?.cleanup();
  rejections?.stop();
  const entry = rec.add({ area: 'process', input: 'whole file: logged round, Discord API faults', expected: 'no unhandled promise rejection' });
  entry.observed = `${rejections.reasons.length} unhandled rejections`;
  entry.pass = rejections.reasons.length === 0;
  await rec.flush();
  expect(rejections.reasons).toEqual([]);
});

function logMessages(): string[] {
  return logLines.map((line) => {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && 'msg' in parsed ? String(parsed.msg) : '?';
  });
}

describe('Discord API faults while answering', () => {
  rec.case(
    {
      area: 'discord faults',
      input: 'Discord answers 429 (rate limited, retry after 50 ms) to the feedback-card edit',
      expected: 'discord.js waits and retries; the feedback card appears; answer scored',
    },
    async (observe) => {
      const round = await startRound(h, { role: 'backend' });
      fake.failRequests({ method: 'PATCH', path: `/channels/${round.threadId}/messages/:messageId` }, failures.rateLimited(0.05), 2);
      fake.sendMessage({ channelId: round.threadId, content: 'I would add an index and cache the hot rows because reads dominate.' });
      const card = await waitForTitle(h, round.threadId, 'Question 1/1 —');
      const status = (await h.services.repos.answers.forSession(round.sessionId))[0]?.answer.status;
      observe(`card "${embedOf(card).title}", answer ${status}`);
      expect(status).toBe('scored');
    },
  );

  rec.case(
    {
      area: 'discord faults',
      input: 'Discord answers 500 to every attempt (4, with discord.js retries) to post the "working on it" message of a typed answer',
      expected: 'the answer is not lost: the progress message is cosmetic, so the answer is scored and its feedback card is posted once Discord answers again',
    },
    async (observe) => {
      const round = await startRound(h, { role: 'backend' });
      const before = botMessages(h, round.threadId).length;
      fake.failRequests({ method: 'POST', path: `/channels/${round.threadId}/messages` }, failures.serverError(), 4);
      fake.sendMessage({ channelId: round.threadId, content: `${TYPED_ANSWER} (second)` });
      // The four failed posts were the progress message; the feedback card is a fifth post, after the scoring.
      const feedback = await waitForTitle(h, round.threadId, 'Question 1/1 —');
      const rows = await h.services.repos.answers.forSession(round.sessionId);
      const shown = botMessages(h, round.threadId).slice(before).map((m) => embedOf(m).title);
      observe(`answer rows ${rows.length}${rows[0] ? ` (${rows[0].answer.status})` : ''}; bot messages after the answer: ${shown.length ? shown.join(' | ') : 'none'}; logged: ${logMessages().filter((m) => m.includes('progress')).join(', ') || 'nothing'}`);
      expect(fake.requestsTo('POST', `/channels/${round.threadId}/messages`).length).toBeGreaterThanOrEqual(5);
      expect(rows.map((r) => r.answer.status)).toEqual(['scored']);
      // The first thing the person sees after answering is the feedback (the round summary may follow it).
      expect(shown[0]).toBe(embedOf(feedback).title);
      expect(shown).not.toContain('Something needs attention');
      expect(logMessages()).toContain('could not post the progress message');
    },
  );
  rec.case(
    {
      area: 'discord faults',
      input: 'Discord answers 500 to every attempt (4) to edit the progress message into the feedback card, in a 2-question round',
      expected: 'the answer stays scored and the round still moves on to question 2',
    },
    async (observe) => {
      const round = await startRound(h, { role: 'backend', questions: 2 });
      let failed = 0;
      const stop = fake.intercept({ method: 'PATCH', path: `/channels/${round.threadId}/messages/:messageId` }, (ctx) =>
        JSON.stringify(ctx.body ?? null).includes('Question 1/2 —') && failed++ < 4 ? failures.serverError() : undefined,
      );
      fake.sendMessage({ channelId: round.threadId, content: 'I would add an index because the query filters by user id.' });
      await fake.waitUntil(() => (failed >= 4 ? true : undefined), 10_000, 'four failed feedback edits');
      const next = await waitForTitle(h, round.threadId, 'Question 2/2 ·', 3000).catch(() => undefined);
      stop();
      const row = (await h.services.repos.answers.forSession(round.sessionId))[0]?.answer;
      const shown = botMessages(h, round.threadId).map((m) => embedOf(m).title).filter((t) => !t.startsWith('Question 1/2 ·'));
      observe(`answer ${row?.status}; session at question ${(await h.services.engine.get(round.sessionId)).currentIndex + 1}; question 2 posted: ${next !== undefined}; thread shows: ${shown.join(' | ')}`);
      expect(row?.status).toBe('scored');
      expect(next).toBeDefined();
    },
  );

  rec.case(
    {
      area: 'discord faults',
      input: 'a /drill answered by form while Discord answers 500 to every attempt (4) to edit its reply into the feedback card',
      expected: 'the answer is stored and scored; the feedback reaches the person as a follow-up instead; the failure is logged without the answer text',
    },
    async (observe) => {
      const bob = fake.user('bob');
      const drill = fake.sendSlashCommand({ name: 'drill', options: { role: 'frontend' }, user: bob, channelId: fake.guild.textChannel.id });
      const card = await drill.waitForResponse((r) => r.kind === 'editOriginal');
      const session = await h.services.engine.findOpen(drillFor('discord', bob.id));
      if (!session || !card.messageId) throw new Error('no drill');
      const click = fake.clickButton({ customId: `ic:answer:${session.id}`, messageId: card.messageId, user: bob });
      await click.waitForResponse((r) => r.callbackType === 9);
      const linesBefore = logLines.length;
      let failed = 0;
      // Only the edits that carry the feedback fail: progress edits are cosmetic and would soak up the failures.
      const stop = fake.intercept({ method: 'PATCH', path: '/webhooks/:appId/:token/messages/:messageId' }, (ctx) =>
        JSON.stringify(ctx.body ?? null).includes('Drill —') && failed++ < 4 ? failures.serverError() : undefined,
      );
      const submit = fake.submitModal({ customId: `ic:answer:${session.id}`, fields: { answer: `${TYPED_ANSWER} (drill)` }, user: bob });
      const followup = await submit.waitForResponse((r) => r.kind === 'followup' && JSON.stringify(r.data).includes('Drill —'), 10_000);
      stop();
      const row = (await h.services.repos.answers.forSession(session.id))[0]?.answer;
      const logged = logLines.slice(linesBefore).join('');
      observe(`answer ${row?.status}; ${failed} failed feedback edits; feedback as a follow-up: ${followup.ephemeral ? 'ephemeral' : 'public'}; logged ${logMessages().slice(linesBefore).join(', ') || 'nothing'}; answer text in that log: ${logged.includes('PURPLE-OCTOPUS')}`);
      expect(failed).toBe(4);
      expect(row?.status).toBe('scored');
      expect(followup.ephemeral).toBe(true);
      expect(logMessages().slice(linesBefore)).toContain('could not edit the answer message; posting instead');
      expect(logged).not.toContain('PURPLE-OCTOPUS');
    },
  );
});

describe('what the logs contain', () => {
  rec.case(
    {
      area: 'logs',
      input: `a round at LOG_LEVEL=info with keys in the config (${OPENAI_KEY}, a Gemini key, a Discord token), Gemini down, one scoring 500, a typed and a voice answer`,
      expected: 'the log never contains a key, the Discord token, an interaction token, the typed answer or the transcript (the whole file\'s log, incl. the errors logged above)',
    },
    async (observe) => {
      const spoken = await shortSpokenAnswer();
      const round = await startRound(h, { role: 'backend', questions: 2, joiners: [fake.user('bob')] });
      openai.script('chat', errorReply(500));
      fake.sendMessage({ channelId: round.threadId, content: TYPED_ANSWER });
      fake.sendVoiceMessage({ channelId: round.threadId, author: fake.user('bob'), audio: spoken.ogg, durationSecs: spoken.durationSec });
      await waitForTitle(h, round.threadId, 'Question 2/2 ·', 15_000);
      const stored = (await h.services.repos.answers.forSession(round.sessionId)).map((r) => r.answer.transcript ?? '');
      expect(stored.some((t) => t.includes('PURPLE-OCTOPUS'))).toBe(true);
      expect(stored.some((t) => t.includes('TANGERINE-WALRUS'))).toBe(true);
      expect(openai.requests.every((r) => r.headers.authorization === `Bearer ${OPENAI_KEY}`)).toBe(true);
      const log = logLines.join('');
      const interactionTokens = fake.requests.flatMap((r) => /^\/(?:webhooks|interactions)\/\d+\/([^/]+)/.exec(r.path)?.[1] ?? []);
      const leaks = [OPENAI_KEY, GEMINI_KEY, DISCORD_TOKEN, 'PURPLE-OCTOPUS', 'TANGERINE-WALRUS'].filter((secret) => log.includes(secret));
      if (interactionTokens.some((token) => log.includes(token))) leaks.push('an interaction token');
      observe(`${logLines.length} log lines (${[...new Set(logMessages())].join('; ')}); leaked: ${leaks.length ? leaks.join(', ') : 'nothing'}`);
      expect(logMessages()).toEqual(expect.arrayContaining(['discord bot ready', 'interview coach running']));
      expect(leaks).toEqual([]);
    },
    20_000,
  );
});
