// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { deployCommands } from '../../src/bot/discord/deployCommands.js';
import { embedOf, startDiscordHarness, type DiscordHarness } from '../helpers/discordBotHarness.js';
import type { FakeUser, InteractionHandle } from '../fakes/discord/index.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { shortSpokenAnswer } from './audioFaults.js';
import { columnNames, tableNames, withDatabase } from '../helpers/inspectDatabase.js';
import {
  countIn,
  countOf,
  firstUser,
  pollUntil,
  secondUser,
  startRound,
  tableCounts,
  waitForError,
  waitForTitle,
  watchUnhandledRejections,
  type RejectionWatch,
} from './discordDriver.js';
import { ReliabilityRecorder } from './recorder.js';
import { platformUserId, type SessionId } from '../helpers/ids.js';
import { drillFor, inChannel } from '../helpers/locations.js';

const rec = new ReliabilityRecorder('limitsPrivacy', 'Abuse limits and isolation between people and servers');

let rejections: RejectionWatch;
let openai: FakeOpenAI;

beforeAll(async () => {
  rejections = watchUnhandledRejections();
  openai = await FakeOpenAI.start();
});

afterAll(async () => {
  await openai?.close();
  rejections?.stop();
  const entry = rec.add({ area: 'process', input: 'whole file: limits, progress sharing, forget-me', expected: 'no unhandled promise rejection' });
  entry.observed = `${rejections.reasons.length} unhandled rejections`;
  entry.pass = rejections.reasons.length === 0;
  await rec.flush();
  expect(rejections.reasons).toEqual([]);
});

/** The text of an interaction's first reply that matches, as the user sees it. */
async function replyText(handle: InteractionHandle, match: (text: string) => boolean = () => true): Promise<{ text: string; ephemeral: boolean }> {
  const response = await handle.waitForResponse((r) => match(JSON.stringify(r.data)));
  const view = embedOf(response.data);
  return { text: `${view.title}\n${view.description}`.trim(), ephemeral: response.ephemeral };
}

describe('abuse limits', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({
      LIMIT_SESSIONS_PER_USER_PER_DAY: '1',
      LIMIT_TRANSCRIPTION_SECONDS_PER_USER_PER_DAY: '2',
      DRILL_COOLDOWN_SECONDS: '60',
      WHISPER_BASE_URL: openai.url,
      WHISPER_API_KEY: 'whisper-test-key',
      LOBBY_SECONDS: '600',
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  rec.case(
    { area: 'limits', input: 'LIMIT_SESSIONS_PER_USER_PER_DAY=1: a second /mock-interview the same day', expected: 'refused with the daily-limit message, only to the caller; no second session' },
    async (observe) => {
      const alice = firstUser(h);
      await startRound(h, { host: alice });
      const channelId = h.fake.createTextChannel('second-try').id;
      const cmd = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'backend', mode: 'text' }, user: alice, channelId });
      const { text, ephemeral } = await replyText(cmd, (t) => t.includes('limit'));
      observe(`"${text.replace(/\n/g, ' — ')}" (ephemeral: ${ephemeral})`);
      expect(ephemeral).toBe(true);
      expect(text).toContain("You've started 1 practice session today — that's the daily limit.");
      expect(await h.services.engine.findOpen(inChannel(channelId))).toBeUndefined();
    },
  );

  rec.case(
    {
      area: 'limits',
      input: 'LIMIT_TRANSCRIPTION_SECONDS_PER_USER_PER_DAY=2: a 3.3 s voice message',
      expected: 'refused with the transcription-limit message naming the allowance; no transcription request; attempt not counted',
    },
    async (observe) => {
      const spoken = await shortSpokenAnswer();
      const round = await startRound(h, { host: secondUser(h) });
      const before = openai.callsTo('transcriptions').length;
      h.fake.sendVoiceMessage({ channelId: round.threadId, author: secondUser(h), audio: spoken.ogg, durationSecs: spoken.durationSec });
      const message = await waitForError(h, round.threadId, 0);
      const row = (await h.services.repos.answers.forSession(round.sessionId))[0]?.answer;
      observe(`"${message}"; ${openai.callsTo('transcriptions').length - before} transcription requests; row ${row?.status}/${row?.error}`);
      expect(message).toContain('2 seconds');
      expect(message).toMatch(/Text answers still work/);
      expect(openai.callsTo('transcriptions').length - before).toBe(0);
      expect(row?.status).toBe('failed');
      h.fake.sendMessage({ channelId: round.threadId, author: secondUser(h), content: 'I would add an index and cache the hot rows.' });
      await waitForTitle(h, round.threadId, 'Question 1/1 —');
      observe('a typed answer afterwards was scored');
    },
  );

  rec.case(
    { area: 'limits', input: 'DRILL_COOLDOWN_SECONDS=60: a second /drill right after the first', expected: 'refused with "One drill at a time — try again in N s"; only one drill session' },
    async (observe) => {
      const carol = h.fake.createUser('carol');
      const first = h.fake.sendSlashCommand({ name: 'drill', options: { role: 'backend' }, user: carol, channelId: h.fake.guild.textChannel.id });
      await first.waitForResponse((r) => r.kind === 'editOriginal');
      const second = h.fake.sendSlashCommand({ name: 'drill', options: { role: 'backend' }, user: carol, channelId: h.fake.guild.textChannel.id });
      const { text, ephemeral } = await replyText(second);
      const drills = await countOf(h, "select count(*) as n from sessions where kind = 'drill' and surface = 'discord-dm' and dm_user = ?", carol.id);
      observe(`"${text.replace(/\n/g, ' — ')}" (ephemeral: ${ephemeral}); ${drills} drill session`);
      expect(text).toMatch(/One drill at a time — try again in (59|60) s\./);
      expect(ephemeral).toBe(true);
      expect(drills).toBe(1);
    },
  );
});

describe('isolation between people and servers', () => {
  let h: DiscordHarness;
  let alice: FakeUser;
  let bob: FakeUser;
  let otherGuildChannel: string;
  let sharedSession: SessionId;

  beforeAll(async () => {
    h = await startDiscordHarness({ LOBBY_SECONDS: '600', LIMIT_SESSIONS_PER_USER_PER_DAY: '1000' });
    // Global commands too, so they work in the second server and in DMs.
    await deployCommands({ ...h.config, DISCORD_GUILD_ID: undefined });
    alice = h.fake.user('alice');
    bob = h.fake.user('bob');
    const other = h.fake.createGuild('Other server');
    otherGuildChannel = other.textChannel.id;
    await pollUntil(() => h.bot.context.client.guilds.cache.has(other.id), 5000, 'the bot to see the second server');

    // Bob: one round with two answers here, one round with one answer in the other server.
    const here = await startRound(h, { host: bob, questions: 2 });
    h.fake.sendMessage({ channelId: here.threadId, author: bob, content: 'I would add an index on the user id because the query filters on it.' });
    await waitForTitle(h, here.threadId, 'Question 2/2 ·');
    h.fake.sendMessage({ channelId: here.threadId, author: bob, content: 'I would use a queue and retry failed jobs with backoff.' });
    await waitForTitle(h, here.threadId, 'Question 2/2 —');
    // Hosted by bob with alice taking part: the round stays for alice, bob's job description must not.
    const there = await startRound(h, { host: bob, joiners: [alice], channelId: otherGuildChannel, extra: { job_description: 'Payments team at ACME, PCI audits' } });
    h.fake.sendMessage({ channelId: there.threadId, author: bob, content: 'I would cache the balance reads and invalidate on write.' });
    await waitForTitle(h, there.threadId, 'Question 1/1 —');
    h.fake.sendMessage({ channelId: there.threadId, author: alice, content: 'I would shard by account id.' });
    await h.fake.waitUntil(async () => ((await h.services.repos.answers.forSession(there.sessionId)).length === 2 ? true : undefined), 5000, "alice's answer");
    sharedSession = there.sessionId;
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
  });

  const progress = (user: FakeUser, channelId: string, target?: FakeUser): InteractionHandle =>
    h.fake.sendSlashCommand({ name: 'progress', options: target ? { user: target.id } : {}, user, channelId });

  rec.case(
    { area: 'isolation', input: "/progress user:bob by alice before bob shares", expected: 'refused: bob has not chosen to share; no numbers shown' },
    async (observe) => {
      const { text, ephemeral } = await replyText(progress(alice, h.fake.guild.textChannel.id, bob), (t) => t.includes('share'));
      observe(`"${text.replace(/\n/g, ' — ')}" (ephemeral: ${ephemeral})`);
      expect(text).toMatch(/hasn't chosen to share their progress/);
      expect(text).not.toMatch(/answers?\*\*/);
    },
  );

  rec.case(
    { area: 'isolation', input: '/share-progress allow:true by bob, then /progress user:bob by alice in each server', expected: 'allowed; each server counts only its own answers (2 here, 1 in the other server)' },
    async (observe) => {
      const share = h.fake.sendSlashCommand({ name: 'share-progress', options: { allow: true }, user: bob, channelId: h.fake.guild.textChannel.id });
      await share.waitForResponse();
      const here = await replyText(progress(alice, h.fake.guild.textChannel.id, bob), (t) => t.includes('Progress'));
      const there = await replyText(progress(alice, otherGuildChannel, bob), (t) => t.includes('Progress'));
      observe(`here: "${here.text.replace(/\n/g, ' — ')}"; other server: "${there.text.replace(/\n/g, ' — ')}"`);
      expect(here.text).toContain('1 session · 2 answers');
      expect(there.text).toContain('1 session · 1 answer**');
      expect(here.ephemeral).toBe(true);
    },
  );

  rec.case(
    { area: 'isolation', input: '/share-progress allow:false by bob, then /progress user:bob by alice', expected: 'refused again' },
    async (observe) => {
      const share = h.fake.sendSlashCommand({ name: 'share-progress', options: { allow: false }, user: bob, channelId: h.fake.guild.textChannel.id });
      await share.waitForResponse();
      const { text } = await replyText(progress(alice, h.fake.guild.textChannel.id, bob), (t) => t.includes('share'));
      observe(`"${text.replace(/\n/g, ' — ')}"`);
      expect(text).toMatch(/hasn't chosen to share/);
    },
  );

  rec.case(
    {
      area: 'privacy',
      input: '/forget-me by bob (after rounds in two servers, a job description, and a drill in DMs), confirmed',
      expected: "every row of bob's is gone from every table, no row anywhere still holds his Discord id or his job description; alice's data untouched",
    },
    async (observe) => {
      // A drill in DMs, answered by form: a DM "workspace" and a drill session exist for bob.
      const drill = h.fake.sendSlashCommand({ name: 'drill', options: { role: 'frontend' }, user: bob });
      const card = await drill.waitForResponse((r) => r.kind === 'editOriginal');
      const drillSession = await h.services.engine.findOpen(drillFor('discord', bob.id));
      if (!drillSession || !card.messageId) throw new Error('no drill');
      const click = h.fake.clickButton({ customId: `ic:answer:${drillSession.id}`, messageId: card.messageId, user: bob });
      await click.waitForResponse((r) => r.callbackType === 9);
      const submit = h.fake.submitModal({ customId: `ic:answer:${drillSession.id}`, fields: { answer: 'A closure keeps its lexical scope alive.' }, user: bob });
      await submit.waitForResponse((r) => JSON.stringify(r.data).includes('Drill —'));
      const aliceRound = await startRound(h, { host: alice });
      h.fake.sendMessage({ channelId: aliceRound.threadId, author: alice, content: 'I would add an index.' });
      await waitForTitle(h, aliceRound.threadId, 'Question 1/1 —');

      const bobRow = await h.services.repos.identity.findUser('discord', platformUserId(bob.id));
      const aliceRow = await h.services.repos.identity.findUser('discord', platformUserId(alice.id));
      if (!bobRow || !aliceRow) throw new Error('users missing');
      const mine = async (id: number) => ({
        users: await countOf(h, 'select count(*) as n from users where id = ?', id),
        answers: await countOf(h, 'select count(*) as n from answers where user_id = ?', id),
        metrics: await countOf(h, 'select count(*) as n from metrics where answer_id in (select id from answers where user_id = ?)', id),
        evaluations: await countOf(h, 'select count(*) as n from evaluations where answer_id in (select id from answers where user_id = ?)', id),
        question_history: await countOf(h, 'select count(*) as n from question_history where user_id = ?', id),
        session_participants: await countOf(h, 'select count(*) as n from session_participants where user_id = ?', id),
        sessions_hosted: await countOf(h, 'select count(*) as n from sessions where host_user_id = ?', id),
        usage: await countOf(h, "select count(*) as n from usage where scope = 'user' and scope_id = ?", id),
      });
      const bobBefore = await mine(bobRow.id);
      const aliceBefore = await mine(aliceRow.id);
      const totalsBefore = await tableCounts(h);

      const cmd = h.fake.sendSlashCommand({ name: 'forget-me', user: bob, channelId: h.fake.guild.textChannel.id });
      const confirm = await cmd.waitForResponse();
      const yes = h.fake.clickButton({ customId: 'ic:forget:', messageId: confirm.messageId ?? '', user: bob });
      const done = await replyText(yes);

      const bobAfter = await mine(bobRow.id);
      const leftovers = await rowsMentioning(h, [bob.id, 'ACME']);
      observe(`rows still naming bob's id or his job description: ${leftovers.length ? leftovers.join(', ') : 'none'}`);
      observe(`reply "${done.text.replace(/\n/g, ' — ')}"`);
      observe(`bob's rows before ${JSON.stringify(bobBefore)}, after ${JSON.stringify(bobAfter)}`);
      const totalsAfter = await tableCounts(h);
      observe(`table totals before ${JSON.stringify(totalsBefore)}, after ${JSON.stringify(totalsAfter)}`);
      expect(bobBefore.answers).toBe(4);
      expect(Object.values(bobAfter).every((n) => n === 0)).toBe(true);
      expect(leftovers).toEqual([]);
      expect(await mine(aliceRow.id)).toEqual(aliceBefore);
      const shared = await h.services.repos.sessions.get(sharedSession);
      observe(`the round bob hosted with alice: kept ${shared !== undefined}, host ${shared?.hostUserId}, job description ${shared?.jobDescription}, answers ${(await h.services.repos.answers.forSession(sharedSession)).length}`);
      expect(shared?.jobDescription).toBeNull();
      expect(await h.services.repos.answers.forSession(sharedSession)).toHaveLength(1);
    },
    20_000,
  );
});

/** `table.column` for every text cell in the database that contains one of the needles. */
function rowsMentioning(h: DiscordHarness, needles: string[]): Promise<string[]> {
  return withDatabase(h.location.env, async (database) => {
    const found: string[] = [];
    for (const table of await tableNames(database)) {
      for (const column of await columnNames(database, table)) {
        for (const needle of needles) {
          const n = await countIn(database, `select count(*) as n from "${table}" where cast("${column}" as text) like ?`, `%${needle}%`);
          if (n > 0) found.push(`${table}.${column} (${n})`);
        }
      }
    }
    return found;
  });
}
