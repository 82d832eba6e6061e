/**
 * Whether an error (or one of its causes: drizzle wraps driver errors) is a unique-index violation of `index`.
 * SQLite (better-sqlite3) names the index's columns (`UNIQUE constraint failed: sessions.surface, sessions.channel_id`); PostgreSQL
 * reports SQLSTATE 23505 with the index as `constraint`.
 */
export function isUniqueViolation(error: unknown, index: { name: string; sqliteColumns: string }): boolean {
  for (let e: unknown = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint, message } = e as { code?: unknown; constraint?: unknown; message?: unknown };
    if (code === '23505' && constraint === index.name) return true;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.endsWith(`: ${index.sqliteColumns}`)) return true;
  }
  return false;
}

/** The partial unique index that keeps one open interview round per channel. */
export const OPEN_ROUND_PER_CHANNEL = { name: 'sessions_one_open_round_per_channel', sqliteColumns: 'sessions.surface, sessions.channel_id' } as const;
