import type Database from 'better-sqlite3';

/** Distinct query shapes the app uses are a few dozen; the bound only guards against unbounded shapes. */
const MAX_STATEMENTS = 500;

/**
 * The connection drizzle sees, with `prepare` answered from a cache keyed by SQL text. drizzle prepares a new
 * statement for every query, and better-sqlite3 13 keeps each prepared statement's native memory until the
 * connection closes (forced GC does not release it): measured at ~3.5 KB per query, ~390 KB per answer in a
 * long-running bot (docs/BENCHMARKS.md, "Soak"). Reusing one statement per query shape keeps memory flat.
 */
export function withStatementCache(sqlite: Database.Database, max = MAX_STATEMENTS): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (source: string): Database.Statement => {
    const cached = cache.get(source);
    if (cached) {
      // Most recently used last, so the oldest is evicted first.
      cache.delete(source);
      cache.set(source, cached);
      // drizzle switches a statement to array rows with raw() for some calls and expects objects otherwise.
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const statement = sqlite.prepare(source);
    cache.set(source, statement);
    if (cache.size > max) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, target);
      // better-sqlite3's methods are native and must run on the real connection.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
