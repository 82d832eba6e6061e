#!/usr/bin/env node
// Compiles src/ to dist/ with tsc in build mode: incremental, so a run with nothing changed only compares
// timestamps (about half a second). Run by `npm install` (prepare), `npm run build` and the test setup.
import './requireNode.js';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // An install without dev dependencies (`npm install --omit=dev`) has no compiler: it runs the dist/ it came with.
  if (existsSync(new URL('../dist/main.js', import.meta.url))) process.exit(0);
  process.stderr.write('Cannot build Interview Coach: TypeScript is not installed. Run `npm install` (with dev dependencies) first.\n');
  process.exit(1);
}
const result = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
