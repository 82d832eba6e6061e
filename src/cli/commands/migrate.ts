import type { CliContext } from '../cliContext.js';
import type { Terminal } from '../terminal.js';
import { databaseLabel } from '../../db/openDatabaseFromConfig.js';

/** Opening the database applies pending migrations; this command just reports where. */
export async function migrateCommand(_argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  const services = await ctx.services();
  term.out(`Database ${databaseLabel(services.config)} is up to date (${services.database.tableCount()} tables).`);
  return 0;
}
