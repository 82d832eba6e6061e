import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { childOutput, type ChildOutput } from './childOutput.js';

const LOGGER = pathToFileURL(path.resolve(import.meta.dirname, 'moduleLoadLog.mjs')).href;

export interface LoggedRun extends ChildOutput {
  /** Every module URL the child loaded, in order. */
  modules: string[];
}

/** Runs `node [nodeArgs] script args` with a module-load log and returns what it printed and loaded. */
export async function runLoggingModules(nodeArgs: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<LoggedRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-modules-'));
  const log = path.join(dir, 'modules.txt');
  try {
    const child = spawn(process.execPath, ['--import', LOGGER, ...nodeArgs], { env: { ...env, MODULE_LOAD_LOG: log }, cwd });
    const run = await childOutput(child);
    const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    return { ...run, modules };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The loaded modules that belong to package `name` (its files under node_modules). */
export function fromPackage(modules: string[], name: string): string[] {
  return modules.filter((url) => url.includes(`/node_modules/${name}/`));
}

/**
 * Starts `node [nodeArgs]` with a module-load log, waits until its stdout matches `ready` (the child's own signal),
 * stops it with SIGTERM and returns what it printed and loaded up to its exit.
 */
export async function runLoggingModulesUntil(nodeArgs: string[], env: NodeJS.ProcessEnv, cwd: string, ready: RegExp): Promise<LoggedRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-modules-'));
  const log = path.join(dir, 'modules.txt');
  try {
    const child = spawn(process.execPath, ['--import', LOGGER, ...nodeArgs], { env: { ...env, MODULE_LOAD_LOG: log }, cwd });
    const output = childOutput(child);
    let seen = '';
    const matched = await new Promise<boolean>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        seen += d.toString();
        if (ready.test(seen)) resolve(true);
      });
      child.once('close', () => resolve(false));
    });
    if (matched) child.kill('SIGTERM');
    const run = await output;
    // Everything loaded up to the exit, shutdown included: what is absent here was never loaded at all.
    return { ...run, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
