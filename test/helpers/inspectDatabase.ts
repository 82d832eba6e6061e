import Database from 'better-sqlite3';

/**
 * Runs `read` on a separate read-only connection to the app's SQLite file: tests look at what was stored the way
 * an operator would, without a handle into the running app.
 */
export function inspectDatabase<T>(file: string, read: (sqlite: Database.Database) => T): T {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(sqlite);
  } finally {
    sqlite.close();
  }
}
