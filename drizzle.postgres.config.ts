import { defineConfig } from 'drizzle-kit';

/** Postgres migrations (DATABASE_URL=postgres://…): `npm run db:generate:pg`. SQLite's are drizzle.config.ts. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/postgres/schema.ts',
  out: './migrations/postgres',
});
