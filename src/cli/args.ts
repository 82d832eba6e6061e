import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserFacingError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with errors turned into one clear line. */
export function parseCommandArgs<T extends Options>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? 'bad arguments' : 'bad arguments';
    throw new UserFacingError('bad_usage', message.replace(/\. To specify.*$/, ''));
  }
}

export function intOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UserFacingError('bad_usage', `--${name} must be a whole number from ${min} to ${max}.`);
  }
  return n;
}
