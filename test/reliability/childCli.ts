import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident memory of the command in MiB, when it ran under /usr/bin/time -v. */
  peakRssMiB?: number;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI_ENTRY = path.join(ROOT, 'src/cli/main.ts');
/** tsx's loader by absolute URL, so the child may run in any folder (and read no `.env` of the repo). */
export const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface ChildCliOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Killed (SIGKILL) after this long: a hang shows as a signal, not a stuck test. */
  killAfterMs?: number;
  /** Run under /usr/bin/time -v to read the peak resident memory. */
  measureMemory?: boolean;
}

/**
 * The real CLI as a child process: Node with tsx's loader straight on the source entry point (what bin/ runs
 * compiled), no API keys, a silent log.
 */
export function runCliChild(args: string[], options: ChildCliOptions = {}): Promise<ChildRun> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', LOG_LEVEL: 'silent', ...options.env };
  const nodeArgs = ['--import', TSX_LOADER, CLI_ENTRY, ...args];
  const [command, argv] = options.measureMemory ? ['/usr/bin/time', ['-v', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = options.killAfterMs ? setTimeout(() => child.kill('SIGKILL'), options.killAfterMs) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const run: ChildRun = { code, signal, stdout, stderr, ms: Date.now() - started };
      if (options.measureMemory) {
        const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        if (match) run.peakRssMiB = Number(match[1]) / 1024;
        // time -v appends its report (and a "Command exited with non-zero status" line) to the child's stderr.
        const report = stderr.indexOf('\tCommand being timed:');
        const own = report >= 0 ? stderr.slice(0, report) : stderr;
        run.stderr = own
          .split('\n')
          .filter((line) => !/^Command (exited with non-zero status|terminated by signal) /.test(line))
          .join('\n');
      }
      resolve(run);
    });
  });
}

/** The non-empty lines a run wrote to stderr. */
export function stderrLines(run: ChildRun): string[] {
  return run.stderr.split('\n').filter((line) => line.trim() !== '');
}
