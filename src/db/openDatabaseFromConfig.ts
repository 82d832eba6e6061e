import type { Config } from '../config/index.js';
import { openDatabase, type SqliteDatabase } from './client.js';
import type { PostgresDatabase } from './postgres/openPostgres.js';

export type OpenDatabase = SqliteDatabase | PostgresDatabase;

/**
 * The database the configuration names: Postgres when DATABASE_URL is set, else the SQLite file at DATABASE_PATH (or
 * the path given, which wins: tests and benches pass their own file). The Postgres code (pg, pg-core) is loaded only
 * when it is used, so a SQLite start costs what it did.
 */
export async function openDatabaseFromConfig(config: Pick<Config, 'DATABASE_PATH' | 'DATABASE_URL'>, databasePath?: string): Promise<OpenDatabase> {
  if (config.DATABASE_URL !== undefined && databasePath === undefined) {
    const { openPostgres } = await import('./postgres/openPostgres.js');
    return openPostgres(config.DATABASE_URL);
  }
  return openDatabase(databasePath ?? config.DATABASE_PATH);
}

/** Where the data is, for people: the SQLite path, or the Postgres URL without its password. */
export function databaseLabel(config: Pick<Config, 'DATABASE_PATH' | 'DATABASE_URL'>): string {
  if (config.DATABASE_URL === undefined) return config.DATABASE_PATH;
  if (!URL.canParse(config.DATABASE_URL)) return 'Postgres (DATABASE_URL)';
  const url = new URL(config.DATABASE_URL);
  url.password = '';
  return url.toString();
}
