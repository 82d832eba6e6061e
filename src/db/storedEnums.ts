import { UNKNOWN, isOneOf, type Known } from '../enums.js';

/** Where a stored value outside its list is reported; the composition root points it at the logger. */
export type UnknownValueSink = (report: { column: string; value: string }) => void;

let sink: UnknownValueSink = ({ column, value }) => {
  process.emitWarning(`${column} holds "${value}", which this version does not know; it is read as "${UNKNOWN}"`, 'UnknownStoredValue');
};
const reported = new Set<string>();

/** Sends reports of unknown stored values to `next` (each column/value pair is reported once per process). */
export function reportUnknownValuesTo(next: UnknownValueSink): void {
  sink = next;
}

/**
 * A stored enum value as the list knows it, or `unknown`: drizzle's text enums change no SQL, so a row written by
 * another version (or by hand) can hold anything, and it must not pass for some valid value. Reported once.
 */
export function readKnown<T extends string>(list: readonly T[], value: string, column: string): Known<T> {
  if (isOneOf(list, value)) return value;
  const key = `${column}\u0000${value}`;
  if (!reported.has(key)) {
    reported.add(key);
    sink({ column, value });
  }
  return UNKNOWN;
}
