// Runs every benchmark module in this folder and writes their sections to docs/BENCHMARKS.md.
// Each `*.bench.ts` exports `run(): Promise<string>` returning a Markdown section measured in one run.
import { readdir, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  run(): Promise<string>;
}

function isBenchModule(value: unknown): value is BenchModule {
  return typeof value === 'object' && value !== null && typeof (value as { run?: unknown }).run === 'function';
}

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(here))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const sections: string[] = [];
const failed: string[] = [];
for (const file of files) {
  process.stderr.write(`bench: ${file}\n`);
  // One benchmark failing costs its own section, not the run's: the others are kept and the run exits non-zero.
  try {
    const mod: unknown = await import(pathToFileURL(path.join(here, file)).href);
    if (!isBenchModule(mod)) throw new Error(`${file} does not export run()`);
    sections.push(await mod.run());
  } catch (error) {
    process.stderr.write(`bench: ${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    failed.push(file);
    sections.push(`## ${file}\n\nFailed in this run: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const header = [
  '# Benchmarks',
  '',
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.`,
  'Each section compares against a baseline measured in the same run, because these machines are noisy.',
  '',
].join('\n');
await mkdir(path.join(here, '..', 'docs'), { recursive: true });
const out = path.join(here, '..', 'docs', only.length ? `BENCHMARKS.partial.md` : 'BENCHMARKS.md');
await writeFile(out, `${header}\n${sections.join('\n\n')}\n`);
process.stdout.write(`${header}\n${sections.join('\n\n')}\n`);
if (failed.length > 0) {
  process.stderr.write(`bench: ${failed.length} failed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}

// A module that leaves a handle open (a socket, a child, a timer) would keep the run alive after its report is written:
// name what is still open and end.
setTimeout(() => {
  process.stderr.write(`bench: still open after the report: ${process.getActiveResourcesInfo().join(', ')}\n`);
  process.exit();
}, 10_000).unref();
