// storage: SQLite and PostgreSQL
import { afterEach, describe, expect, it } from 'vitest';
import { embedOf } from '../helpers/discordBotHarness.js';
import type { StoredMessage } from '../fakes/discord/index.js';
import { VoiceHarness } from './voiceHarness.js';
import { inChannel, threadOf } from '../helpers/locations.js';

let harness: VoiceHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const buttonIds = (message: StoredMessage | undefined): string[] => JSON.stringify(message?.components ?? []).match(/ic:[a-z]+:/g) ?? [];

describe('a voice round whose voice join fails', () => {
  it('goes on as a text round: the lobby card says why and keeps no Start/Cancel, the thread explains, text answers are scored', async () => {
    // Discord never hands out a voice server (VOICE_SERVER_UPDATE never comes): the join times out.
    const h = (harness = await VoiceHarness.start({ dave: false, inChannel: ['alice'], voice: { joinTimeoutMs: 1_000 } }));
    h.fake.setVoiceServer(null);
    const alice = h.fake.user('alice');
    const channelId = h.fake.guild.textChannel.id;
    const command = h.fake.sendSlashCommand({ name: 'mock-interview', user: alice, channelId, options: { role: 'frontend', questions: 1, mode: 'voice' } });
    const first = await command.waitForResponse((r) => r.kind === 'editOriginal');
    const lobbyId = first.messageId ?? '';
    // While connecting, nothing can start a round that may have no voice.
    expect(embedOf(first.data as { embeds?: unknown }).description).toContain('Connecting to the voice channel');
    expect(JSON.stringify(first.data)).not.toContain('ic:start:');

    const session = await h.fake.waitUntil(async () => {
      const s = await h.services.engine.findOpen(inChannel(channelId));
      return threadOf(s) ? s : undefined;
    }, 5000, 'session with thread');
    const threadId = threadOf(session) ?? '';
    const question = await h.fake.waitUntil(() => h.threadMessage(threadId, 'Question 1/1'), 10_000, 'question 1');
    expect(embedOf(question).description).not.toContain('Answer out loud');
    expect(embedOf(question).description).toContain('Reply in this thread');
    expect(buttonIds(question)).not.toContain('ic:done:');

    const note = h.threadMessage(threadId, '🔇 Switched to a text round');
    expect(embedOf(note).description).toContain("I couldn't connect to #");
    const lobby = await h.fake.waitUntil(() => {
      const m = h.fake.message(lobbyId);
      return m && embedOf(m).description.includes('The round has started') ? m : undefined;
    }, 5000, 'the lobby card updated');
    expect(embedOf(lobby).title).toMatch(/· text$/);
    expect(embedOf(lobby).description).toContain('so this is a text round now');
    expect(buttonIds(lobby)).toEqual(['ic:join:']);
    expect((await h.services.engine.get(session.id)).mode).toBe('text');
    // No error reached the host: the round simply goes on.
    expect(h.fake.interactionResponses(command.id).some((r) => JSON.stringify(r.data).includes('Something needs attention'))).toBe(false);
    expect(h.voice.manager.round(session.id)).toBeUndefined();
    await h.fake.waitForVoiceStateRequest((r) => r.channelId === null);

    h.fake.sendMessage({ channelId: threadId, author: alice, content: 'React compares the new tree with the old one and uses keys to match list items.' });
    await h.fake.waitUntil(() => h.threadMessage(threadId, 'Question 1/1 —'), 10_000, 'feedback');
    await h.fake.waitUntil(() => h.threadMessage(threadId, '🏁 Round complete'), 10_000, 'summary');
    const closed = await h.fake.waitUntil(() => {
      const m = h.fake.message(lobbyId);
      return m && embedOf(m).description.includes('This round has ended') ? m : undefined;
    }, 5000, 'the lobby card closed');
    expect(buttonIds(closed)).toEqual([]);
  });

  it('with lobby:true it stays a lobby, now for a text round: Start now is live again and starts it', async () => {
    const h = (harness = await VoiceHarness.start({ dave: false, inChannel: ['alice'], voice: { joinTimeoutMs: 1_000 }, env: { LOBBY_SECONDS: '600' } }));
    h.fake.setVoiceServer(null);
    const alice = h.fake.user('alice');
    const channelId = h.fake.guild.textChannel.id;
    const command = h.fake.sendSlashCommand({ name: 'mock-interview', user: alice, channelId, options: { role: 'backend', questions: 1, mode: 'voice', lobby: true } });
    const lobbyId = (await command.waitForResponse((r) => r.kind === 'editOriginal')).messageId ?? '';
    const lobby = await h.fake.waitUntil(() => {
      const m = h.fake.message(lobbyId);
      return m && embedOf(m).description.includes('so this is a text round now') ? m : undefined;
    }, 10_000, 'the lobby card with the note');
    expect(embedOf(lobby).title).toMatch(/· text$/);
    expect(embedOf(lobby).description).toContain('Starts in 600 s');
    expect(buttonIds(lobby)).toEqual(['ic:join:', 'ic:start:', 'ic:cancel:']);
    const session = await h.services.engine.findOpen(inChannel(channelId));
    if (!session || !threadOf(session)) throw new Error('no session thread');
    expect(session.status).toBe('lobby');

    h.fake.clickButton({ customId: `ic:start:${session.id}`, messageId: lobbyId, user: alice });
    const question = await h.fake.waitUntil(() => h.threadMessage(threadOf(session) ?? '', 'Question 1/1'), 10_000, 'question 1 after Start now');
    expect(embedOf(question).description).not.toContain('Answer out loud');
  });
});
