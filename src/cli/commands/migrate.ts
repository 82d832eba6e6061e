import type { CliContext } from '../cliContext.js';
import type { Terminal } from '../terminal.js';

/** Opening the database applies pending migrations; this command just reports where. */
export async function migrateCommand(_argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  const services = await ctx.services();
  const tables = services.handle.sqlite
    .prepare("select count(*) as n from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'")
    .get() as { n: number };
  term.out(`Database ${services.config.DATABASE_PATH} is up to date (${tables.n} tables).`);
  return 0;
}
