import type { JsonObject } from './json.js';
import { ADMINISTRATOR, EVERYONE_PERMISSIONS } from './permissions.js';
import { SnowflakeFactory } from './snowflake.js';
import {
  ChannelKind,
  type ChannelKindValue,
  type FakeChannel,
  type FakeGuild,
  type FakeMember,
  type FakeUser,
  type UserRef,
} from './types.js';

export interface RegisteredCommand {
  readonly id: string;
  /** null for global commands. */
  readonly guildId: string | null;
  body: JsonObject;
  version: string;
}

export interface CreateUserInput {
  username: string;
  globalName?: string;
  bot?: boolean;
}

/** Users, guilds, channels and registered commands: the world the fake presents to the bot. */
export class FakeState {
  readonly ids = new SnowflakeFactory();
  readonly users = new Map<string, FakeUser>();
  readonly guilds = new Map<string, FakeGuild>();
  readonly channels = new Map<string, FakeChannel>();
  readonly commands = new Map<string, RegisteredCommand>();
  readonly bot: FakeUser;

  constructor(botUsername: string) {
    this.bot = this.createUser({ username: botUsername, bot: true });
  }

  /** Modern bots share their id with their application. */
  get applicationId(): string {
    return this.bot.id;
  }

  createUser(input: CreateUserInput): FakeUser {
    const user: FakeUser = {
      id: this.ids.next(),
      username: input.username,
      globalName: input.globalName ?? (input.bot ? null : capitalise(input.username)),
      bot: input.bot ?? false,
    };
    this.users.set(user.id, user);
    return user;
  }

  /** `shard`: an id that Discord's routing puts on that shard of a sharded bot (`[shard_id, num_shards]`). */
  createGuild(name: string, ownerId: string, shard?: readonly [number, number]): FakeGuild {
    const id = shard ? this.ids.nextOnShard(shard[0], shard[1]) : this.ids.next();
    const botRoleId = this.ids.next();
    const textChannel = this.newChannel({ type: ChannelKind.GuildText, name: 'general', guildId: id });
    const voiceChannel = this.newChannel({ type: ChannelKind.GuildVoice, name: 'Voice', guildId: id });
    const guild: FakeGuild = {
      id,
      name,
      ownerId,
      roles: [
        { id, name: '@everyone', permissions: EVERYONE_PERMISSIONS.toString(), position: 0 },
        { id: botRoleId, name: this.bot.username, permissions: ADMINISTRATOR.toString(), position: 1 },
      ],
      members: new Map(),
      voiceStates: new Map(),
      textChannel,
      voiceChannel,
    };
    this.guilds.set(id, guild);
    this.addMember(guild, this.bot.id, [botRoleId]);
    return guild;
  }

  addMember(guild: FakeGuild, userId: string, roleIds: string[] = []): FakeMember {
    const member: FakeMember = { userId, roleIds, nick: null, joinedAt: new Date().toISOString() };
    guild.members.set(userId, member);
    return member;
  }

  createChannel(input: { type: ChannelKindValue; name: string; guildId: string; parentId?: string }): FakeChannel {
    return this.newChannel(input);
  }

  createThread(input: {
    parentId: string;
    name: string;
    type: ChannelKindValue;
    ownerId: string;
    autoArchiveDuration: number;
    id?: string;
  }): FakeChannel {
    const parent = this.requireChannel(input.parentId);
    return this.newChannel({
      id: input.id,
      type: input.type,
      name: input.name,
      guildId: parent.guildId ?? undefined,
      parentId: parent.id,
      ownerId: input.ownerId,
      thread: {
        archived: false,
        locked: false,
        autoArchiveDuration: input.autoArchiveDuration,
        archiveTimestamp: new Date().toISOString(),
      },
    });
  }

  dmChannelFor(userId: string): FakeChannel {
    for (const channel of this.channels.values()) {
      if (channel.type === ChannelKind.DM && channel.recipientId === userId) return channel;
    }
    return this.newChannel({ type: ChannelKind.DM, name: '', recipientId: userId });
  }

  requireUser(id: string): FakeUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`FakeDiscord: unknown user ${id}`);
    return user;
  }

  resolveUser(ref: UserRef): FakeUser {
    return typeof ref === 'string' ? this.requireUser(ref) : ref;
  }

  requireChannel(id: string): FakeChannel {
    const channel = this.channels.get(id);
    if (!channel) throw new Error(`FakeDiscord: unknown channel ${id}`);
    return channel;
  }

  requireGuild(id: string): FakeGuild {
    const guild = this.guilds.get(id);
    if (!guild) throw new Error(`FakeDiscord: unknown guild ${id}`);
    return guild;
  }

  guildChannels(guildId: string): FakeChannel[] {
    return [...this.channels.values()].filter((c) => c.guildId === guildId);
  }

  /** Replaces a scope's commands wholesale, as a PUT does; ids survive for names that stay. */
  setCommands(guildId: string | null, bodies: JsonObject[]): RegisteredCommand[] {
    const previous = this.commandsIn(guildId);
    for (const command of previous) this.commands.delete(command.id);
    return bodies.map((body) => {
      const kept = previous.find((c) => c.body['name'] === body['name']);
      const command: RegisteredCommand = { id: kept?.id ?? this.ids.next(), guildId, body, version: this.ids.next() };
      this.commands.set(command.id, command);
      return command;
    });
  }

  addCommand(guildId: string | null, body: JsonObject): RegisteredCommand {
    const existing = this.commandsIn(guildId).find((c) => c.body['name'] === body['name']);
    if (existing) this.commands.delete(existing.id);
    const command: RegisteredCommand = { id: existing?.id ?? this.ids.next(), guildId, body, version: this.ids.next() };
    this.commands.set(command.id, command);
    return command;
  }

  commandsIn(guildId: string | null): RegisteredCommand[] {
    return [...this.commands.values()].filter((c) => c.guildId === guildId);
  }

  /** The command a user would see in that place: guild commands shadow global ones. */
  findCommand(name: string, guildId: string | null): RegisteredCommand | undefined {
    const inGuild = guildId ? this.commandsIn(guildId).find((c) => c.body['name'] === name) : undefined;
    return inGuild ?? this.commandsIn(null).find((c) => c.body['name'] === name);
  }

  private newChannel(input: {
    id?: string;
    type: ChannelKindValue;
    name: string;
    guildId?: string;
    parentId?: string;
    recipientId?: string;
    ownerId?: string;
    thread?: FakeChannel['thread'];
  }): FakeChannel {
    const channel: FakeChannel = {
      id: input.id ?? this.ids.next(),
      type: input.type,
      name: input.name,
      guildId: input.guildId ?? null,
      parentId: input.parentId ?? null,
      recipientId: input.recipientId ?? null,
      ownerId: input.ownerId ?? null,
      thread: input.thread ?? null,
      position: this.channels.size,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }
}

function capitalise(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
