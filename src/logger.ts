import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs; secrets are redacted by key and answer text is only ever logged at debug level.
 * `destination` defaults to stdout (tests pass a buffer to read what would be logged).
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: 'interview-coach' },
    serializers: { err: serializeError },
    redact: {
      paths: ['token', '*.token', 'apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization', 'config.*_TOKEN', 'config.*_KEY', 'config.*_SECRET'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing, for tests and the CLI. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * discord.js (and Bolt) request errors carry the request body — a feedback card quotes the answer — and a URL
 * whose path holds the interaction token, a credential for 15 minutes. Both are dropped from logged errors,
 * through the whole `cause` chain.
 */
export function serializeError(error: unknown): unknown {
  return error instanceof Error ? scrub(pino.stdSerializers.errWithCause(error)) : error;
}

function scrub(serialized: object, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { ...serialized };
  delete out.requestBody;
  if (typeof out.url === 'string') out.url = out.url.replace(/\/(webhooks|interactions)\/(\d+)\/[^/?#]+/g, '/$1/$2/[redacted]');
  if (depth < 5 && typeof out.cause === 'object' && out.cause !== null) out.cause = scrub(out.cause, depth + 1);
  return out;
}
