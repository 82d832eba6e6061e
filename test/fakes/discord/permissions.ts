import type { FakeGuild } from './types.js';

const bit = (n: number): bigint => 1n << BigInt(n);

export const ADMINISTRATOR = bit(3);
/** Every permission bit Discord currently defines (through bit 50): what an administrator effectively has. */
export const ALL_PERMISSIONS = bit(51) - 1n;

/** What @everyone can do in the fake's guilds: enough to chat, use commands, join and speak in voice. */
export const EVERYONE_PERMISSIONS =
  bit(6) | // add reactions
  bit(10) | // view channel
  bit(11) | // send messages
  bit(14) | // embed links
  bit(15) | // attach files
  bit(16) | // read message history
  bit(20) | // connect
  bit(21) | // speak
  bit(25) | // use voice activity
  bit(31) | // use application commands
  bit(35) | // create public threads
  bit(38) | // send messages in threads
  bit(46); // send voice messages

export function memberPermissions(guild: FakeGuild, userId: string): bigint {
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  let permissions = 0n;
  for (const role of guild.roles) {
    if (role.id === guild.id || member?.roleIds.includes(role.id)) permissions |= BigInt(role.permissions);
  }
  return (permissions & ADMINISTRATOR) === ADMINISTRATOR ? ALL_PERMISSIONS : permissions;
}
