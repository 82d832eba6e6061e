import type { FakeChannel, FakeUser } from './types.js';

/** Users and conversations the fake workspace knows; Web API lookups of anything else fail like Slack's do. */
export class Directory {
  private readonly users = new Map<string, FakeUser>();
  private readonly channels = new Map<string, FakeChannel>();

  constructor(private readonly teamId: string) {}

  addUser(user: Partial<FakeUser> & { id: string }): FakeUser {
    const full: FakeUser = {
      name: user.id.toLowerCase(),
      real_name: `User ${user.id}`,
      tz: 'Europe/London',
      is_bot: false,
      ...this.users.get(user.id),
      ...user,
    };
    this.users.set(full.id, full);
    return full;
  }

  addChannel(channel: Partial<FakeChannel> & { id: string }): FakeChannel {
    const full: FakeChannel = { name: `channel-${channel.id.toLowerCase()}`, ...this.channels.get(channel.id), ...channel };
    this.channels.set(full.id, full);
    return full;
  }

  /** Registers ids mentioned in traffic sent to the bot: anything Slack tells the bot about exists. */
  ensureUser(id: string): FakeUser {
    return this.users.get(id) ?? this.addUser({ id });
  }

  ensureChannel(id: string): FakeChannel {
    return this.channels.get(id) ?? this.addChannel({ id });
  }

  user(id: string): FakeUser | undefined {
    return this.users.get(id);
  }

  channel(id: string): FakeChannel | undefined {
    return this.channels.get(id);
  }

  /** chat.postMessage accepts a user id too (Slack posts to the DM with that user). */
  canPostTo(id: string): boolean {
    return this.channels.has(id) || this.users.has(id);
  }

  userInfo(user: FakeUser): Record<string, unknown> {
    return {
      id: user.id,
      team_id: this.teamId,
      name: user.name,
      real_name: user.real_name,
      deleted: false,
      tz: user.tz,
      tz_label: user.tz,
      tz_offset: 0,
      is_bot: user.is_bot,
      is_admin: false,
      is_app_user: false,
      profile: {
        real_name: user.real_name,
        real_name_normalized: user.real_name,
        display_name: user.name,
        display_name_normalized: user.name,
        team: this.teamId,
      },
    };
  }

  channelInfo(channel: FakeChannel): Record<string, unknown> {
    const isIm = channel.id.startsWith('D');
    const isPrivate = channel.id.startsWith('G');
    return {
      id: channel.id,
      name: isIm ? undefined : channel.name,
      is_channel: !isIm && !isPrivate,
      is_group: isPrivate,
      is_im: isIm,
      is_mpim: false,
      is_private: isPrivate || isIm,
      is_archived: false,
      is_general: false,
      is_member: true,
      created: 1_600_000_000,
      user: isIm ? channel.user : undefined,
      context_team_id: this.teamId,
    };
  }
}
