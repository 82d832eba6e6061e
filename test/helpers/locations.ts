import type { SessionRow } from '../../src/db/schema.js';
import { channelId, discordChannel, drillLocation, type CliLocation, type DiscordLocation, type Location } from '../../src/location.js';
import { platformUserId } from '../../src/ids.js';

/** A Discord guild channel, where `/mock-interview` was run. */
export function inChannel(id: string): DiscordLocation {
  return discordChannel(channelId(id));
}

/** A person's drill on a platform. */
export function drillFor(platform: 'discord' | 'slack', user: string): Location {
  return drillLocation(platform, platformUserId(user));
}

/** A terminal run. */
export function cliRun(id: string): CliLocation {
  return { surface: 'cli', run: channelId(id) };
}

/** A Discord session's thread, once it has one. */
export function threadOf(session: Pick<SessionRow, 'location'> | undefined): string | undefined {
  return session?.location.surface === 'discord' ? session.location.thread : undefined;
}

/** The channel a Discord or Slack session was started in. */
export function channelOf(session: Pick<SessionRow, 'location'>): string | undefined {
  const { location } = session;
  return location.surface === 'discord' || location.surface === 'slack' ? location.channel : undefined;
}
