// Instruction counts under valgrind's callgrind: unlike wall time they barely move when the machine is shared, so
// they settle comparisons that timing noise cannot. Optional — without valgrind the benches say so and skip them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** valgrind's version line, or null when it is not installed or BENCH_INSTRUCTIONS=0 turns counting off. */
export async function valgrindVersion(): Promise<string | null> {
  if (process.env.BENCH_INSTRUCTIONS === '0') return null;
  try {
    const { stdout } = await exec('valgrind', ['--version']);
    return stdout.trim();
  } catch {
    return null;
  }
}

/** Why the instruction column is empty, for the bench's text. */
export function noInstructionsNote(): string {
  return process.env.BENCH_INSTRUCTIONS === '0'
    ? 'Instruction counts were turned off (BENCH_INSTRUCTIONS=0).'
    : 'Instruction counts skipped: valgrind is not installed (`apt-get install -y valgrind` to get them).';
}

/** Instructions executed by the whole process (all its threads), as callgrind's `Collected` total. */
export async function countInstructions(command: string, args: readonly string[]): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'interview-coach-callgrind-'));
  try {
    const { stderr } = await exec('valgrind', ['--tool=callgrind', `--callgrind-out-file=${path.join(dir, 'out')}`, command, ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const match = /Collected : (\d+)/.exec(stderr);
    if (!match?.[1]) throw new Error(`callgrind printed no total for ${command}: ${stderr.slice(-500)}`);
    return Number(match[1]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `countInstructions`, or why valgrind could not run the program (e.g. Debian's ffmpeg loads libhwy, whose start-up
 * executes RDTSCP, an instruction valgrind 3.19 cannot emulate: the process dies of SIGILL).
 */
export async function tryCountInstructions(command: string, args: readonly string[]): Promise<{ count: number } | { failed: string }> {
  try {
    return { count: await countInstructions(command, args) };
  } catch (error) {
    const text = error instanceof Error ? `${error.message}\n${String((error as { stderr?: unknown }).stderr ?? '')}` : String(error);
    const unhandled = /Unrecognised instruction at address[^\n]*\n[^\n]*at 0x[0-9A-F]+: ([^\n]+)/i.exec(text);
    return { failed: unhandled?.[1] ? `valgrind cannot run it (an instruction it does not emulate, in ${unhandled[1].trim()})` : `valgrind could not run it (${text.split('\n')[0]?.slice(0, 120) ?? 'unknown error'})` };
  }
}

/**
 * Instructions of one pass of a workload in a process that also starts up: the difference between `reps` passes and
 * one pass, divided by `reps - 1`, so start-up, module loading and the first pass's JIT compilation cancel out.
 */
export async function instructionsPerPass(command: string, args: (reps: number) => string[], reps = 2): Promise<number> {
  const one = await countInstructions(command, args(1));
  const many = await countInstructions(command, args(reps));
  return (many - one) / (reps - 1);
}

/** 1234567890 → "1.23 G". */
export function formatInstructions(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  return `${(n / 1e6).toFixed(0)} M`;
}
