import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../errors.js';

/**
 * Checks DATABASE_PATH and creates its folder before SQLite sees it. An empty path would make better-sqlite3 open
 * a throw-away temporary database (every answer lost at exit), and Node's recursive mkdir spins forever on some
 * paths under /proc; both are refused here with one line instead.
 */
export function prepareDatabaseFile(file: string): void {
  if (file.trim() === '') {
    throw new UserFacingError('config_invalid', 'DATABASE_PATH is empty. Set it to a file such as ./data/interview-coach.db, or remove the line to use that default.');
  }
  if (file === ':memory:') return;
  const resolved = path.resolve(file);
  ensureFolder(path.dirname(resolved), file);
  const existing = statOrMissing(resolved, file);
  if (existing && !existing.isFile()) throw new UserFacingError('config_invalid', `DATABASE_PATH ${file} is not a regular file.`);
}

/** Creates the missing folders one level at a time, from the deepest one that exists. */
function ensureFolder(folder: string, file: string): void {
  const missing: string[] = [];
  let current = folder;
  for (;;) {
    const info = statOrMissing(current, file);
    if (info) {
      if (!info.isDirectory()) throw new UserFacingError('config_invalid', `DATABASE_PATH ${file} is not usable: ${current} is not a folder.`);
      break;
    }
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') continue;
      throw new UserFacingError('config_invalid', `DATABASE_PATH ${file} is not usable: cannot create the folder ${dir} (${errorCode(error) ?? 'error'}).`, { cause: error });
    }
  }
}

function statOrMissing(target: string, file: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(target);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return undefined;
    throw new UserFacingError('config_invalid', `DATABASE_PATH ${file} is not usable: cannot read ${target} (${code ?? 'error'}).`, { cause: error });
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
