// Runs dist/NAME.js, the compiled app, in this process. Without a build, or when src/ changed after the last one
// (a `git pull` without `npm install`, an edit without `npm run build`), it runs src/NAME.ts through tsx instead,
// also in this process: slower to start, never stale. Checking costs one stat per source file (a few ms).
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('..', import.meta.url);

export async function launch(name) {
  const compiled = new URL(`dist/${name}.js`, root);
  const built = new URL('dist/.tsbuildinfo', root);
  const why = !existsSync(compiled) || !existsSync(built) ? 'there is no build yet' : newestSource() > statSync(built).mtimeMs ? 'src/ changed since the last build' : undefined;
  if (!why) return import(compiled.href);
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    if (existsSync(compiled)) return import(compiled.href);
    process.stderr.write('Interview Coach is not built and tsx is not installed: run `npm install` in the project folder.\n');
    process.exit(1);
  }
  process.stderr.write(`Running from source (${why}; \`npm run build\` makes the next start faster).\n`);
  register();
  return import(new URL(`src/${name}.ts`, root).href);
}

/** The newest modification time of a TypeScript file under src/ (0 when there is no src/, as in a packed install). */
function newestSource() {
  const src = new URL('src/', root);
  if (!existsSync(src)) return 0;
  let newest = 0;
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  }
  return newest;
}
