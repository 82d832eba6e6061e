// Bundles a bench script and the project code it imports into one plain JavaScript file, so it can run in a fresh
// `node` process (cold-start figures, valgrind) without a TypeScript loader. Packages stay external; the bundle is
// written inside the repository (a gitignored .scratch-* folder) so they resolve from its node_modules.
import { build } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Bundle {
  file: string;
  remove(): Promise<void>;
}

/** `entry` relative to bench/; the output keeps its base name with `.mjs`. */
export async function bundleScript(entry: string): Promise<Bundle> {
  const dir = await mkdtemp(path.join(root, '.scratch-bench-'));
  const file = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [path.join(root, 'bench', entry)],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'error',
  });
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}
