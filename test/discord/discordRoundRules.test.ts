// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUser, InteractionHandle } from '../fakes/discord/index.js';
import { startDiscordHarness, type DiscordHarness } from '../helpers/discordBotHarness.js';
import { firstUser, secondUser, startRound, waitForTitle } from '../reliability/discordDriver.js';
import { inChannel } from '../helpers/locations.js';

/** Discord's moderator is whoever may manage messages: a role with that one permission, not an administrator. */
const MANAGE_MESSAGES = 1n << 13n;

let h: DiscordHarness;

beforeAll(async () => {
  // Rounds wait in a lobby when asked to, so people can press Join before Start now.
  h = await startDiscordHarness({ LOBBY_SECONDS: '600' });
});
afterAll(async () => {
  await h?.stop();
});

function moderator(name: string): FakeUser {
  const user = h.fake.createUser(name);
  const roleId = h.fake.state.ids.next();
  h.fake.guild.roles.push({ id: roleId, name: `${name}-role`, permissions: MANAGE_MESSAGES.toString(), position: 1 });
  h.fake.guild.members.get(user.id)?.roleIds.push(roleId);
  return user;
}

/** The ephemeral error the bot answered an interaction with. */
async function refusal(handle: InteractionHandle): Promise<string> {
  const response = await handle.waitForResponse((r) => r.ephemeral && JSON.stringify(r.data).includes('Something needs attention'));
  return JSON.stringify(response.data);
}

describe('round rules on Discord (the core guards, with Discord permissions as the Actor)', () => {
  it('a participant who is not the host cannot End or /stop the round; the host can', async () => {
    const bob = secondUser(h);
    const round = await startRound(h, { questions: 2, joiners: [bob] });
    const q1 = await waitForTitle(h, round.threadId, 'Question 1/2');
    expect(await refusal(h.fake.clickButton({ customId: `ic:end:${round.sessionId}`, messageId: q1.id, user: bob }))).toContain('Only the host (or a moderator) can end this round.');
    expect(await refusal(h.fake.sendSlashCommand({ name: 'stop', user: bob, channelId: round.threadId }))).toContain('Only the host');
    expect((await h.services.engine.get(round.sessionId)).status).toBe('active');

    h.fake.clickButton({ customId: `ic:end:${round.sessionId}`, messageId: q1.id, user: firstUser(h) });
    await h.fake.waitUntil(async () => ((await h.services.engine.get(round.sessionId)).status === 'ended' ? true : undefined), 5000, 'the host ending the round');
  });

  it('someone outside the round cannot Skip, and gets the Discord way in (Join)', async () => {
    const outsider = h.fake.createUser('outsider');
    const round = await startRound(h, { questions: 2 });
    const q1 = await waitForTitle(h, round.threadId, 'Question 1/2');
    const shown = await refusal(h.fake.clickButton({ customId: `ic:skip:${round.sessionId}`, messageId: q1.id, user: outsider }));
    expect(shown).toContain("You're not in this round. Press **Join** to take part");
    expect((await h.services.engine.get(round.sessionId)).currentIndex).toBe(0);
  });

  it('a non-host cannot press Start now in the lobby', async () => {
    const bob = secondUser(h);
    const channelId = h.fake.createTextChannel('lobby-rules').id;
    const cmd = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role: 'backend', questions: 1, mode: 'text', lobby: true }, user: firstUser(h), channelId });
    const lobby = await cmd.waitForResponse((r) => r.kind === 'editOriginal');
    const session = await h.fake.waitUntil(async () => await h.services.engine.findOpen(inChannel(channelId)), 5000, 'the lobby');
    const shown = await refusal(h.fake.clickButton({ customId: `ic:start:${session.id}`, messageId: lobby.messageId ?? '', user: bob }));
    expect(shown).toContain('Only the host (or a moderator) can start this round.');
    expect((await h.services.engine.get(session.id)).status).toBe('lobby');
  });

  it('a moderator (Manage Messages) who is not in the round can Skip, End and /stop it', async () => {
    const mod = moderator('mod');
    const round = await startRound(h, { questions: 3 });
    const q1 = await waitForTitle(h, round.threadId, 'Question 1/3');
    h.fake.clickButton({ customId: `ic:skip:${round.sessionId}`, messageId: q1.id, user: mod });
    const q2 = await waitForTitle(h, round.threadId, 'Question 2/3');
    h.fake.clickButton({ customId: `ic:end:${round.sessionId}`, messageId: q2.id, user: mod });
    await h.fake.waitUntil(async () => ((await h.services.engine.get(round.sessionId)).status === 'ended' ? true : undefined), 5000, 'the moderator ending the round');
    expect((await h.services.engine.participants(round.sessionId)).map((p) => p.platformUserId)).not.toContain(mod.id);

    const other = await startRound(h, { questions: 1 });
    const stop = h.fake.sendSlashCommand({ name: 'stop', user: mod, channelId: other.threadId });
    await stop.waitForResponse((r) => JSON.stringify(r.data).includes('Stopping the round'));
    await h.fake.waitUntil(async () => ((await h.services.engine.get(other.sessionId)).status === 'ended' ? true : undefined), 5000, '/stop by the moderator');
  });

  it('buttons on an ended round say it has ended, whoever presses them', async () => {
    const round = await startRound(h, { questions: 2 });
    const q1 = await waitForTitle(h, round.threadId, 'Question 1/2');
    await h.services.engine.end(round.sessionId);
    const shown = await refusal(h.fake.clickButton({ customId: `ic:skip:${round.sessionId}`, messageId: q1.id, user: firstUser(h) }));
    expect(shown).toContain('This round has already ended.');
  });
});
