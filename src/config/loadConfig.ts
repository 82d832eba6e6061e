import { config as loadDotenv } from 'dotenv';
import { envSchema, type Env } from './schema.js';
import { registerSecretsFrom } from '../redactSecrets.js';

export type Config = Env;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const PG_BOSS_NEEDS_POSTGRES =
  'Invalid configuration — ANSWER_QUEUE: pg-boss keeps its jobs in Postgres, so it needs DATABASE_URL=postgres://… (with SQLite, leave ANSWER_QUEUE=in-process). See .env.example.';

/**
 * Validates the environment into one typed Config. The error names each bad variable and why,
 * without echoing its value (it may be a secret).
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Before validation: a value that fails it must be masked in whatever reports the failure.
  registerSecretsFrom(env);
  const result = envSchema.safeParse(env);
  if (result.success) {
    if (result.data.ANSWER_QUEUE === 'pg-boss' && !result.data.DATABASE_URL) throw new ConfigError(PG_BOSS_NEEDS_POSTGRES);
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || 'environment';
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration — ${problems.join('; ')}. See .env.example.`);
}

/** Reads `.env` (without overriding real environment variables) and validates. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, dotenvPath?: string): Config {
  loadDotenv({ path: dotenvPath, quiet: true, processEnv: env });
  return parseConfig(env);
}
