import { discordConfigured } from '../bot/discord/configured.js';
import type { RunningDiscord } from '../bot/discord/adapter.js';
import { slackConfigured } from '../bot/slack/configured.js';
import type { RunningSlack } from '../bot/slack/adapter.js';
import type { PlatformEntry } from './PlatformAdapter.js';

export type { PlatformAdapter, PlatformEntry, PlatformEnv, RunningPlatform } from './PlatformAdapter.js';

/**
 * Every chat platform, in start order. Adding one: its folder under src/bot/ with an `adapter.ts`, a line here,
 * its settings in src/config/schema.ts and .env.example (docs/ARCHITECTURE.md has the recipe). `load` imports the
 * SDK-heavy adapter only when the platform is configured.
 */
export const PLATFORMS = [
  { id: 'discord', isConfigured: discordConfigured, load: async () => (await import('../bot/discord/adapter.js')).discordAdapter },
  { id: 'slack', isConfigured: slackConfigured, load: async () => (await import('../bot/slack/adapter.js')).slackAdapter },
] as const satisfies readonly PlatformEntry[];

/** Whichever platform is running; its `id` says which. */
export type AnyRunningPlatform = RunningDiscord | RunningSlack;
