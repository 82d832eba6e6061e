import type { Config } from '../config/index.js';
import type { Providers } from '../pipeline/providers/selectProviders.js';
import type { Services } from '../services.js';

/**
 * What a CLI command gets: the config at once, everything heavier on the first call. A command that never asks
 * for the database does not open it, and one that refuses its input first (`analyze --file /dev/zero`) refuses it
 * before any of it loads.
 */
export interface CliContext {
  readonly config: Config;
  /** Question source, evaluator, transcriber, speaker — no database. For commands that need nothing else. */
  providers(): Promise<Providers>;
  /** Database, providers and session engine. */
  services(): Promise<Services>;
}

export interface ClosableCliContext extends CliContext {
  /** Closes whatever was built. */
  close(): Promise<void>;
}

export function createCliContext(config: Config): ClosableCliContext {
  let providers: Promise<Providers> | undefined;
  let services: Promise<Services> | undefined;
  return {
    config,
    providers: () => (providers ??= import('../appProviders.js').then((m) => m.createAppProviders(config))),
    services: () => (services ??= import('../services.js').then((m) => m.openServices(config))),
    async close() {
      // A build that failed has nothing to close; its error already reached the command.
      const [builtProviders, builtServices] = await Promise.all([providers?.catch(() => undefined), services?.catch(() => undefined)]);
      await builtProviders?.close();
      await builtServices?.close();
    },
  };
}
