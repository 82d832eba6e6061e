import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured logs; secrets are redacted by key and answer text is only ever logged at debug level. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { app: 'interview-coach' },
    redact: {
      paths: ['token', '*.token', 'apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization', 'config.*_TOKEN', 'config.*_KEY', 'config.*_SECRET'],
      censor: '[redacted]',
    },
  });
}

/** A logger that writes nothing, for tests and the CLI. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
