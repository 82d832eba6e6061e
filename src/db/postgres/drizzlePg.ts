import { createRequire } from 'node:module';

/*
 * drizzle-orm's Postgres runtime values, loaded from its CommonJS build like src/db/drizzle.ts loads the rest (see
 * there for why). A separate file so a SQLite start never loads pg-core: only a process with DATABASE_URL does.
 */
const load: NodeJS.Require = typeof require === 'function' ? require : createRequire(import.meta.url);

export const { bigint, boolean, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } = load(
  'drizzle-orm/pg-core',
) as typeof import('drizzle-orm/pg-core');
export const { drizzle } = load('drizzle-orm/node-postgres') as typeof import('drizzle-orm/node-postgres');
