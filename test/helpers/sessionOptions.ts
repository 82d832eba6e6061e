import type { StartSessionOptions } from '../../src/session/types.js';
import { person, place } from './ids.js';
import { cliRun, inChannel } from './locations.js';

/** A three-question text interview in Discord guild g1, channel c1, hosted by alice; tests override what they are about. */
export function sessionOptions(overrides: Partial<StartSessionOptions> = {}): StartSessionOptions {
  return {
    platform: 'discord',
    kind: 'interview',
    workspace: place('discord', 'g1', 'Guild'),
    host: person('discord', 'alice', 'alice'),
    location: inChannel('c1'),
    role: 'frontend',
    difficulty: 'mid',
    count: 3,
    mode: 'text',
    ...overrides,
  };
}

/** The same as a terminal rehearsal on this computer for `user`. */
export function cliSessionOptions(user: string, overrides: Partial<StartSessionOptions> = {}): StartSessionOptions {
  return sessionOptions({ platform: 'cli', workspace: place('cli', 'local', 'local'), host: person('cli', user, user), kind: 'rehearse', location: cliRun('term'), ...overrides });
}
