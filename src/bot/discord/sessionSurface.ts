import type { BotContext } from './BotContext.js';
import { ThreadSurface } from './ThreadSurface.js';
import type { SessionId } from '../../ids.js';
import { discordChannelOf } from './discordLocation.js';

/** The surface of a session's thread (or channel, when no thread could be made). */
export async function sessionSurface(ctx: BotContext, sessionId: SessionId): Promise<ThreadSurface> {
  const session = await ctx.services.engine.get(sessionId);
  const id = discordChannelOf(session.location);
  const channel = id === undefined ? null : await ctx.client.channels.fetch(id);
  if (!channel || !channel.isSendable() || !('messages' in channel)) throw new Error(`channel of session ${sessionId} is not sendable`);
  return new ThreadSurface(channel);
}
