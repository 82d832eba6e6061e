import { createRequire } from 'node:module';

/*
 * Every runtime value from drizzle-orm comes through this file, from drizzle's CommonJS build. Why: Node 24's ES
 * module loader parses a package's whole `exports` map again for every file it resolves inside that package, and
 * drizzle-orm's package.json is 179 KB — importing drizzle as ES modules costs about 2 s of CPU and 200 MB of
 * garbage (which the young generation keeps as resident memory) at every start. The CommonJS build is the same API
 * and loads in a tenth of that. Type-only imports may name drizzle-orm directly; eslint enforces the rest.
 * (`require` exists as is where drizzle-kit loads schema.ts as CommonJS; under ESM it is made here.)
 */
const load: NodeJS.Require = typeof require === 'function' ? require : createRequire(import.meta.url);

export const { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, ne, or, sql } = load('drizzle-orm') as typeof import('drizzle-orm');
export const { drizzle } = load('drizzle-orm/better-sqlite3') as typeof import('drizzle-orm/better-sqlite3');
export const { readMigrationFiles } = load('drizzle-orm/migrator') as typeof import('drizzle-orm/migrator');
export const { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } = load('drizzle-orm/sqlite-core') as typeof import('drizzle-orm/sqlite-core');
