import type { BotContext } from './BotContext.js';
import { ThreadSurface } from './ThreadSurface.js';

/** The surface of a session's thread (or channel, when no thread could be made). */
export async function sessionSurface(ctx: BotContext, sessionId: string): Promise<ThreadSurface> {
  const session = await ctx.services.engine.get(sessionId);
  const channel = await ctx.client.channels.fetch(session.threadId ?? session.channelId);
  if (!channel || !channel.isSendable() || !('messages' in channel)) throw new Error(`channel of session ${sessionId} is not sendable`);
  return new ThreadSurface(channel);
}
