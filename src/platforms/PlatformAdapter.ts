import type { Config } from '../config/index.js';
import type { Readiness } from '../health/index.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services.js';

/** What the composition root hands every platform besides the services. */
export interface PlatformEnv {
  config: Config;
  logger: Logger;
  /** The app's `/readyz`: a platform adds its own check (gateway connected, socket open…). */
  readiness: Readiness;
}

/** A started platform; `id` tells the union of running platforms apart. */
export interface RunningPlatform {
  readonly id: string;
  stop(): Promise<void>;
}

/**
 * The seam every chat platform implements. An adapter turns its platform's events and permissions into core calls
 * and an `Actor` (src/session/guards.ts), and renders cards; rules, scoring and storage stay in the core.
 */
export interface PlatformAdapter<Run extends RunningPlatform = RunningPlatform> {
  readonly id: Run['id'];
  isConfigured(config: Config): boolean;
  start(services: Services, env: PlatformEnv): Promise<Run>;
}

/**
 * One line of the adapter list. `isConfigured` must not import the platform's SDK: `load` does that, and only for
 * the platforms that are configured.
 */
export interface PlatformEntry<Run extends RunningPlatform = RunningPlatform> {
  readonly id: Run['id'];
  isConfigured(config: Config): boolean;
  load(): Promise<PlatformAdapter<Run>>;
}
