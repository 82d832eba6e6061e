import { InvalidIdError, type PlatformUserId } from './ids.js';

/*
 * Where a session lives, as a value instead of an encoded string. Core code and adapters pass these; only the
 * sessions repository maps them to columns (src/db/locationColumns.ts), so no code outside it builds or parses
 * `drill:…`, `cli:…` or `C…/ts` strings.
 */
declare const placeKind: unique symbol;
type Branded<Base, Kind extends string> = Base & { readonly [placeKind]: Kind };

/** A platform's channel: a Discord channel or thread snowflake, a Slack `C…` id, a CLI run's id. */
export type ChannelId = Branded<string, 'ChannelId'>;
/** A Slack message timestamp (`1700000000.000100`): names a message, and a thread by its root message. */
export type SlackTs = Branded<string, 'SlackTs'>;
/** A posted message a reply may later edit: a Discord snowflake or a Slack ts. */
export type MessageId = Branded<string, 'MessageId'>;

function nonEmpty(kind: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidIdError(`${kind} must be a non-empty string`);
  return value;
}

export const channelId = (value: string): ChannelId => nonEmpty('ChannelId', value) as ChannelId;
export const slackTs = (value: string): SlackTs => nonEmpty('SlackTs', value) as SlackTs;
export const messageId = (value: string): MessageId => nonEmpty('MessageId', value) as MessageId;

/** A Discord guild channel, and the round's thread once it has one. */
export interface DiscordLocation {
  readonly surface: 'discord';
  readonly channel: ChannelId;
  readonly thread?: ChannelId;
}
/** A Discord drill: private to one person (answered in a DM or by ephemeral replies), not tied to a channel. */
export interface DiscordDmLocation {
  readonly surface: 'discord-dm';
  readonly user: PlatformUserId;
}
/**
 * A Slack channel and the thread (its root message's ts) the round runs in. A drill belongs to one person (`user`):
 * it has no channel until its thread is posted.
 */
export interface SlackLocation {
  readonly surface: 'slack';
  readonly channel?: ChannelId;
  readonly threadTs?: SlackTs;
  readonly user?: PlatformUserId;
}
/** One run of the terminal CLI. */
export interface CliLocation {
  readonly surface: 'cli';
  readonly run: ChannelId;
}

export type Location = DiscordLocation | DiscordDmLocation | SlackLocation | CliLocation;
export type Surface = Location['surface'];
export const SURFACES = ['discord', 'discord-dm', 'slack', 'cli'] as const satisfies readonly Surface[];

export const discordChannel = (channel: ChannelId, thread?: ChannelId): DiscordLocation => (thread ? { surface: 'discord', channel, thread } : { surface: 'discord', channel });
export const slackThread = (channel: ChannelId, threadTs: SlackTs, user?: PlatformUserId): SlackLocation =>
  user ? { surface: 'slack', channel, threadTs, user } : { surface: 'slack', channel, threadTs };

/** Where a person's private drill lives before it is shown anywhere. */
export function drillLocation(platform: 'discord' | 'slack', user: PlatformUserId): DiscordDmLocation | SlackLocation {
  return platform === 'discord' ? { surface: 'discord-dm', user } : { surface: 'slack', user };
}
