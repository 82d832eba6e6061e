import type { SQL } from 'drizzle-orm';
import { and, eq, isNull } from './drizzle.js';
import type { LocationKey, sessions, StoredSessionRow } from './schema.js';
import type { Location } from '../location.js';

/** The columns of `sessions` that hold its Location. */
export type LocationColumns = Pick<StoredSessionRow, LocationKey>;

const NONE = { channelId: null, threadId: null, threadTs: null, dmUser: null } as const;

/** A Location as the row stores it (every column set, so a move clears what the old place had). */
export function locationColumns(location: Location): LocationColumns {
  switch (location.surface) {
    case 'discord':
      return { ...NONE, surface: 'discord', channelId: location.channel, threadId: location.thread ?? null };
    case 'discord-dm':
      return { ...NONE, surface: 'discord-dm', dmUser: location.user };
    case 'slack':
      return { ...NONE, surface: 'slack', channelId: location.channel ?? null, threadTs: location.threadTs ?? null, dmUser: location.user ?? null };
    case 'cli':
      return { ...NONE, surface: 'cli', channelId: location.run };
  }
}

/** The stored columns as a Location; a row whose columns do not make one is corrupt. */
export function locationOf(row: LocationColumns): Location {
  const channel = row.channelId ?? undefined;
  switch (row.surface) {
    case 'discord':
      if (channel === undefined) break;
      return row.threadId ? { surface: 'discord', channel, thread: row.threadId } : { surface: 'discord', channel };
    case 'discord-dm':
      if (row.dmUser === null) break;
      return { surface: 'discord-dm', user: row.dmUser };
    case 'slack':
      return {
        surface: 'slack',
        ...(channel !== undefined && { channel }),
        ...(row.threadTs !== null && { threadTs: row.threadTs }),
        ...(row.dmUser !== null && { user: row.dmUser }),
      };
    case 'cli':
      if (channel === undefined) break;
      return { surface: 'cli', run: channel };
  }
  throw new Error(`sessions row has surface "${row.surface}" without the columns that place it`);
}

/**
 * Which open session is "at" a place: the most specific part the location has (a thread, else a drill's owner,
 * else the channel), on its surface.
 */
export function atLocation(table: typeof sessions, location: Location): SQL {
  const on = eq(table.surface, location.surface);
  const where = (() => {
    switch (location.surface) {
      case 'discord':
        return location.thread ? eq(table.threadId, location.thread) : eq(table.channelId, location.channel);
      case 'discord-dm':
        return eq(table.dmUser, location.user);
      case 'slack':
        if (location.channel && location.threadTs) return and(eq(table.channelId, location.channel), eq(table.threadTs, location.threadTs));
        if (location.user) return eq(table.dmUser, location.user);
        return location.channel ? and(eq(table.channelId, location.channel), isNull(table.dmUser)) : undefined;
      case 'cli':
        return eq(table.channelId, location.run);
    }
  })();
  const condition = where ? and(on, where) : undefined;
  if (!condition) throw new Error('a Slack location needs a channel, a thread or a drill owner');
  return condition;
}
