import type { StartSessionOptions } from '../../src/session/types.js';

/** A three-question text interview in Discord guild g1, channel c1, hosted by alice; tests override what they are about. */
export function sessionOptions(overrides: Partial<StartSessionOptions> = {}): StartSessionOptions {
  return {
    platform: 'discord',
    kind: 'interview',
    workspace: { platform: 'discord', id: 'g1', name: 'Guild' },
    host: { platform: 'discord', id: 'alice', name: 'alice' },
    channelId: 'c1',
    role: 'frontend',
    difficulty: 'mid',
    count: 3,
    mode: 'text',
    ...overrides,
  };
}

/** The same as a terminal rehearsal on this computer for `user`. */
export function cliSessionOptions(user: string, overrides: Partial<StartSessionOptions> = {}): StartSessionOptions {
  const place = { platform: 'cli', workspace: { platform: 'cli', id: 'local', name: 'local' }, host: { platform: 'cli', id: user, name: user } } as const;
  return sessionOptions({ ...place, kind: 'rehearse', channelId: 'term', ...overrides });
}
