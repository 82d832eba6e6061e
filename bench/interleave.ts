// Timing variants against each other on a noisy shared machine: one run of each variant per round (ABAB…), the
// starting variant rotating from round to round, so a burst of load from a neighbour hits every variant alike
// instead of whichever happened to run during it.
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gcValue: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');

/** A full garbage collection, so one variant's garbage is not collected during the next one's run. */
export function gc(): void {
  if (typeof gcValue === 'function') gcValue();
}

/**
 * `process.memoryUsage()` once garbage is really gone: array buffer memory is released some time after the GC that
 * found it unreachable, so this collects and waits until `arrayBuffers` stops changing (at most ~20 tries).
 */
export async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  let last = -1;
  for (let i = 0; i < 20; i++) {
    gc();
    await sleep(10);
    const now = process.memoryUsage().arrayBuffers;
    if (now === last) break;
    last = now;
  }
  return process.memoryUsage();
}

export interface Timing {
  /** Milliseconds, sorted ascending. */
  runs: number[];
  median: number;
  min: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? NaN : sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

export function timingOf(runs: readonly number[]): Timing {
  const sorted = [...runs].sort((a, b) => a - b);
  return { runs: sorted, median: median(sorted), min: sorted[0] ?? NaN };
}

export interface InterleaveOptions {
  /** Measured rounds; each round runs every variant once. */
  rounds: number;
  /** Unmeasured rounds first (JIT, WASM compilation, caches, page cache for files). Default 1. */
  warmupRounds?: number;
}

/**
 * Runs `rounds` rounds of all variants, rotating the order each round (A B C, B C A, C A B, …), with a GC before every
 * run. `measure` turns one call into a figure; by default the wall-clock milliseconds of the call.
 */
export async function interleaved<K extends string, R = number>(
  variants: Readonly<Record<K, () => unknown>>,
  options: InterleaveOptions,
  measure?: (fn: () => unknown) => Promise<R>,
): Promise<Record<K, R[]>> {
  const names = Object.keys(variants) as K[];
  const results = Object.fromEntries(names.map((n) => [n, [] as R[]])) as Record<K, R[]>;
  const warmup = options.warmupRounds ?? 1;
  const once = measure ?? (wallMs as (fn: () => unknown) => Promise<R>);
  for (let round = 0; round < warmup + options.rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length] as K;
      gc();
      const figure = await once(variants[name]);
      if (round >= warmup) results[name].push(figure);
    }
  }
  return results;
}

/** `interleaved` with wall-clock times summarised per variant. */
export async function interleavedTimings<K extends string>(variants: Readonly<Record<K, () => unknown>>, options: InterleaveOptions): Promise<Record<K, Timing>> {
  const runs = await interleaved(variants, options);
  return Object.fromEntries(Object.entries<number[]>(runs).map(([name, values]) => [name, timingOf(values)])) as Record<K, Timing>;
}

async function wallMs(fn: () => unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
