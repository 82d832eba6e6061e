import { pino, type DestinationStream, type Logger } from 'pino';
import { redactDeep, redactSecrets } from './redactSecrets.js';

export type { Logger };

/**
 * Structured logs; secrets are redacted by key and answer text is only ever logged at debug level.
 * `destination` defaults to stdout (tests pass a buffer to read what would be logged).
 * Secrets are also masked by value: the error serializer walks message, stack and causes, and every line
 * is checked once more as it is written (the message, and fields no serializer knows).
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
  return pino(options, redactingDestination(destination ?? pino.destination(1)));
}

/** The last net: a written line with a registered secret or a key-shaped string is masked before it leaves. */
export function redactingDestination(destination: DestinationStream): DestinationStream {
  return { write: (line: string) => destination.write(redactSecrets(line)) };
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
  return redactDeep(error instanceof Error ? scrub(pino.stdSerializers.errWithCause(error)) : error);
}

function scrub(serialized: object, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { ...serialized };
  delete out.requestBody;
  if (typeof out.url === 'string') out.url = out.url.replace(/\/(webhooks|interactions)\/(\d+)\/[^/?#]+/g, '/$1/$2/[redacted]');
  if (depth < 5 && typeof out.cause === 'object' && out.cause !== null) out.cause = scrub(out.cause, depth + 1);
  return out;
}
