import type { FakeDiscord } from '../fakes/discord/index.js';
import type { DatabaseEnv } from './tempDb.js';

/**
 * The environment of a production bot pointed at the local fake Discord: offline providers, a silent log, rounds
 * that start at once, on the database given: a SQLite file path, or a DatabaseEnv (DATABASE_URL under
 * TEST_DATABASE_URL, see tempDb.ts's createTempDatabaseLocation). Callers add their overrides.
 */
export function fakeDiscordEnv(fake: FakeDiscord, database: string | DatabaseEnv): Record<string, string> {
  return {
    ...(typeof database === 'string' ? { DATABASE_PATH: database } : database),
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
