// Hook for `npm run bench`: the soak needs forced GC, so it runs in its own `node --expose-gc` process.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

export async function run(): Promise<string> {
  const script = path.join(import.meta.dirname, 'soak.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', script], { cwd: path.join(import.meta.dirname, '..'), maxBuffer: 1 << 20 });
  return stdout.trimEnd();
}
