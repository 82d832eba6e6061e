import type { FakeDiscord } from '../fakes/discord/index.js';

/**
 * The environment of a production bot pointed at the local fake Discord: offline providers, a silent log, rounds
 * that start at once. Callers add their own database path and overrides.
 */
export function fakeDiscordEnv(fake: FakeDiscord, databasePath: string): Record<string, string> {
  return {
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'silent',
    DISCORD_TOKEN: 'fake-token',
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_GUILD_ID: fake.guild.id,
    QUESTION_PROVIDER: 'bank',
    EVALUATOR_PROVIDER: 'rubric',
    SPEAKER_PROVIDER: 'espeak',
    LOBBY_SECONDS: '0',
  };
}
