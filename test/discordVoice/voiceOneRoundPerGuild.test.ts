// storage: SQLite and PostgreSQL
import { afterEach, describe, expect, it } from 'vitest';
import { VoiceHarness } from './voiceHarness.js';
import { inChannel, threadOf } from '../helpers/locations.js';

let harness: VoiceHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('one voice round per server', () => {
  it('two voice rounds started at the same moment open one voice round; the other goes on as a text round', async () => {
    harness = await VoiceHarness.start({ dave: false, inChannel: ['alice', 'bob'], shortQuestions: true });
    const h = harness;
    const rooms = [h.fake.guild.textChannel.id, h.fake.createTextChannel('second-room').id];
    // Both commands arrive together: each passes the channel's own check and reaches the voice join at once.
    h.fake.sendSlashCommand({ name: 'mock-interview', user: h.fake.user('alice'), channelId: rooms[0] ?? '', options: { role: 'frontend', questions: 1, mode: 'voice' } });
    h.fake.sendSlashCommand({ name: 'mock-interview', user: h.fake.user('bob'), channelId: rooms[1] ?? '', options: { role: 'backend', questions: 1, mode: 'voice' } });

    const joined = await h.waitFor('joined');
    const sessions = await h.fake.waitUntil(async () => {
      const open = await Promise.all(rooms.map((room) => h.services.engine.findOpen(inChannel(room))));
      return open.every((s) => threadOf(s)) ? open : undefined;
    }, 15_000, 'both rounds with their threads');
    const other = sessions.find((s) => s?.id !== joined.sessionId);
    const otherThread = threadOf(other);
    if (!other || !otherThread) throw new Error('the second round is missing');
    const note = await h.fake.waitUntil(() => h.threadMessage(otherThread, '🔇 Switched to a text round'), 15_000, 'the text-round note');
    expect(VoiceHarness.text(note)).toContain('already running a voice round on this server');

    expect(sessions.map((s) => s?.id)).toContain(joined.sessionId);
    expect(h.events.joined.map((e) => e.sessionId)).toEqual([joined.sessionId]);
    expect(h.voice.manager.round(other.id)).toBeUndefined();
    expect((await h.services.engine.get(other.id)).mode).toBe('text');
    expect((await h.services.engine.get(joined.sessionId)).mode).toBe('voice');
    // The round that has voice keeps its connection: the refused one did not tear it down on its way out.
    expect(h.connection(joined.sessionId).state.status).not.toBe('destroyed');
  });
});
