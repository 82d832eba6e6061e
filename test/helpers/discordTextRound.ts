import type { SessionId } from '../../src/ids.js';
import { embedOf, type DiscordHarness } from './discordBotHarness.js';
import { inChannel, threadOf } from './locations.js';

/** `/mock-interview role:<role> questions:1 mode:text` in a new channel, once its question is posted in the thread. */
export async function startOneQuestionTextRound(h: DiscordHarness, role: string): Promise<{ threadId: string; sessionId: SessionId }> {
  const channel = h.fake.createTextChannel(`room-${role}`).id;
  const cmd = h.fake.sendSlashCommand({ name: 'mock-interview', options: { role, questions: 1, mode: 'text' }, channelId: channel });
  await cmd.waitForResponse((r) => r.kind === 'editOriginal');
  const session = await h.fake.waitUntil(async () => {
    const s = await h.services.engine.findOpen(inChannel(channel));
    return threadOf(s) ? s : undefined;
  }, 5000, 'session with thread');
  const threadId = threadOf(session) ?? '';
  await h.fake.waitUntil(() => h.fake.channelMessages(threadId).find((m) => embedOf(m).title.startsWith('Question 1/1')), 5000, 'question');
  return { threadId, sessionId: session.id };
}
