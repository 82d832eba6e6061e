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
