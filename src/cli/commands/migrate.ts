import type { Services } from '../../services.js';
import type { Terminal } from '../terminal.js';

/** Opening the database applies pending migrations; this command just reports where. */
export async function migrateCommand(_argv: string[], services: Services, term: Terminal): Promise<number> {
  term.out(`Database ${services.config.DATABASE_PATH} is up to date (${services.database.tableCount()} tables).`);
  return 0;
}
