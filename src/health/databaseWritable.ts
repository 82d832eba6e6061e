import type { DatabaseProbe } from '../db/databaseProbe.js';
import type { CheckResult } from './Readiness.js';

/** The readiness check for the database: answers can be stored right now (see DatabaseProbe.writable). */
export function databaseWritable(probe: Pick<DatabaseProbe, 'writable'>): Promise<CheckResult> {
  return probe.writable();
}
