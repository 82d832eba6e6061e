/**
 * A child process that opens (and so migrates) DATABASE_PATH the way every start does (`openDatabase` is this
 * plus the drizzle wrapper), then exits: 0 when the database is ready, 2 with the one-line message otherwise. The
 * parallel-start test spawns many of these because the full CLI loads every provider SDK and drizzle, which on a
 * shared 2-core machine costs seconds of CPU per process.
 */
import { openSqlite } from '../../src/db/openSqlite.js';
import { isUserFacingError } from '../../src/errors.js';

// With a gate, the parent starts every child's open at the same moment: "loaded" out, then wait for stdin to close.
if (process.env.OPEN_GATE === '1') {
  process.stdout.write('loaded\n');
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
}

try {
  const sqlite = openSqlite(process.env.DATABASE_PATH ?? '');
  const row = sqlite.prepare("select count(*) as n from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'").get() as { n: number };
  sqlite.close();
  process.stdout.write(`ready (${row.n} tables)\n`);
} catch (error) {
  process.stderr.write(`${isUserFacingError(error) ? error.message : error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = isUserFacingError(error) ? 2 : 1;
}
