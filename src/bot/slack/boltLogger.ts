import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../logger.js';

const FROM_PINO: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

function stringify(value: object): string {
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function text(parts: unknown[]): { message: string; err?: unknown } {
  const err = parts.find((p) => p instanceof Error);
  const message = parts
    .filter((p) => p !== err)
    .map((p) => (typeof p === 'string' ? p : p instanceof Object ? stringify(p) : String(p)))
    .join(' ');
  return err === undefined ? { message } : { message, err };
}

/** Bolt's and the Slack SDK's logs, into the app's own (redacting) pino logger. */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack-bolt' });
  const emit = (level: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]) => {
    const { message, err } = text(parts);
    if (err === undefined) log[level](message);
    else log[level]({ err }, message);
  };
  return {
    debug: (...parts: unknown[]) => emit('debug', parts),
    info: (...parts: unknown[]) => emit('info', parts),
    warn: (...parts: unknown[]) => emit('warn', parts),
    error: (...parts: unknown[]) => emit('error', parts),
    // The level is the app's LOG_LEVEL; Bolt may ask but does not get to change it.
    setLevel: () => undefined,
    getLevel: () => FROM_PINO[logger.level] ?? LogLevel.INFO,
    setName: () => undefined,
  };
}
