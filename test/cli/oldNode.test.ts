import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { childOutput } from '../helpers/childOutput.js';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * A Node older than 22.12: INTERVIEW_COACH_OLD_NODE (set by .ci/run, which bootstraps node@20 from the npm registry
 * when the system Node is new), else the machine's own /usr/bin/node when it is old. No old Node → the test fails
 * saying so, rather than skipping.
 */
function oldNode(): string {
  const candidates = [process.env.INTERVIEW_COACH_OLD_NODE, '/usr/bin/node'].filter((p): p is string => Boolean(p));
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const version = execFileSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    const [major = 0, minor = 0] = version.split('.').map(Number);
    if (major < 22 || (major === 22 && minor < 12)) return candidate;
  }
  throw new Error(`No Node older than 22.12 found (tried ${candidates.join(', ')}): set INTERVIEW_COACH_OLD_NODE or run .ci/run, which bootstraps one`);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command with the old Node first on PATH, so `node` in npm scripts and `#!/usr/bin/env node` resolve to it. */
function run(command: string, args: string[]): Promise<Run> {
  const node = oldNode();
  const env: NodeJS.ProcessEnv = { PATH: `${path.dirname(node)}:${process.env.PATH ?? ''}`, HOME: process.env.HOME, LOG_LEVEL: 'silent' };
  const child = spawn(command, args, { cwd: root, env });
  return childOutput(child);
}

/** npm itself (a JS file) runs on the old Node too; take it from this machine's PATH. */
function npmCli(): string {
  return execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
}

const oneLine = /^Interview Coach needs Node\.js 22\.12 or newer; this is Node 2[0-2]\.\d+\.\d+ \(.+\)\. .+\n$/;

describe('on a Node older than 22.12', () => {
  it('npm start prints one line naming the required and current version and exits 1', async () => {
    const result = await run(npmCli(), ['start', '--silent']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(oneLine);
    expect(result.stdout).toBe('');
  });

  it('the CLI (bin and npm run cli) does the same before loading anything native', async () => {
    const bin = await run(oldNode(), [path.join(root, 'bin/interview-coach.js'), 'rehearse', '--role', 'frontend']);
    expect(bin.code).toBe(1);
    expect(bin.stderr).toMatch(oneLine);
    expect(bin.stderr).toContain(`this is Node ${execFileSync(oldNode(), ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()}`);
    const script = await run(npmCli(), ['run', '--silent', 'deploy-commands']);
    expect(script.code).toBe(1);
    expect(script.stderr).toMatch(oneLine);
  });
});
