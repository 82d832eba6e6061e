import pg from 'pg';

/** Postgres type ids whose text pg hands over as strings by default. */
const INT8 = 20;
const NUMERIC = 1700;

/**
 * int8 (count(*), sum(integer), bigint columns) and numeric (sum(bigint), avg(integer)) arrive from pg as strings, so
 * that nothing is silently rounded. Every such value here is a count, an id or a score sum far below 2^53, so they are
 * read as numbers; an int8 that is not exact as a double fails the query rather than turn into a wrong number.
 */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} is beyond the exact range of a JS number`);
  return value;
}

type GetTypeParser = pg.CustomTypesConfig['getTypeParser'];

function withNumbers(base: GetTypeParser): GetTypeParser {
  return ((oid: number, format?: string) => {
    if (format !== 'binary' && oid === INT8) return parseInt8;
    if (format !== 'binary' && oid === NUMERIC) return Number;
    return base(oid, format as 'text');
  }) as GetTypeParser;
}

const baseQuery = pg.Client.prototype.query;

/**
 * A pg Client that reads int8 and numeric as numbers. The parsers belong to this pool only (pg-boss or anything else
 * using pg in the process keeps pg's defaults). drizzle passes its own `types` with every query (to keep timestamps
 * as text for its column mappers) and falls back to pg's global parsers, so the overlay is applied to that too.
 */
class NumbersClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    const options: pg.ClientConfig = typeof config === 'string' ? { connectionString: config } : { ...config };
    super({ ...options, types: { getTypeParser: withNumbers(pg.types.getTypeParser) } });
  }
}

NumbersClient.prototype.query = function query(this: pg.Client, config: unknown, ...rest: unknown[]) {
  const types = isPlainQueryConfig(config) ? config.types : undefined;
  const next = types && isPlainQueryConfig(config) ? { ...config, types: { getTypeParser: withNumbers(types.getTypeParser.bind(types)) } } : config;
  return Reflect.apply(baseQuery, this, [next, ...rest]) as unknown;
} as typeof baseQuery;

function isPlainQueryConfig(value: unknown): value is pg.QueryConfig {
  return typeof value === 'object' && value !== null && !('submit' in value) && 'text' in value;
}

export interface PoolOptions {
  /** Connections kept at most (pg's default is 10). */
  max?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

/** One pool per process and database URL; every query of the app goes through it. */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'interview-coach',
    Client: NumbersClient,
  });
  // An idle client whose server went away emits 'error' on the pool; without a listener that would crash the process.
  // The next query gets a fresh connection and reports its own error.
  pool.on('error', () => undefined);
  return pool;
}
