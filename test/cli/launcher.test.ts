import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { childOutput } from '../helpers/childOutput.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;

/** A project folder with the real bin/launch.js, a dist/ and a src/ that each say which one ran, and the repo's node_modules. */
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-launch-'));
  mkdirSync(path.join(dir, 'bin'));
  mkdirSync(path.join(dir, 'dist'));
  mkdirSync(path.join(dir, 'src'));
  copyFileSync(path.join(root, 'bin/launch.js'), path.join(dir, 'bin/launch.js'));
  writeFileSync(path.join(dir, 'bin/run.js'), "import { launch } from './launch.js';\nawait launch('main');\n");
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(path.join(dir, 'dist/main.js'), "console.log('compiled');\n");
  writeFileSync(path.join(dir, 'dist/.tsbuildinfo'), '{}\n');
  writeFileSync(path.join(dir, 'src/main.ts'), "const from: string = 'source';\nconsole.log(from);\n");
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (file: string, seconds: number) => utimesSync(path.join(dir, file), seconds, seconds);
const launch = () => childOutput(spawn(process.execPath, [path.join(dir, 'bin/run.js')], { cwd: dir, env: { PATH: process.env.PATH } }));

describe('bin/launch.js: the compiled build when it is current, else the source', () => {
  it('runs dist/ when the build is newer than every source file, and says nothing', async () => {
    at('src/main.ts', 1_000);
    at('dist/.tsbuildinfo', 2_000);
    expect(await launch()).toEqual({ code: 0, stdout: 'compiled\n', stderr: '' });
  });

  it('runs src/ through tsx, saying why, when a source file changed after the build', async () => {
    at('dist/.tsbuildinfo', 1_000);
    at('src/main.ts', 2_000);
    const run = await launch();
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('source\n');
    expect(run.stderr).toBe('Running from source (src/ changed since the last build; `npm run build` makes the next start faster).\n');
  });

  it('runs src/ through tsx when there is no build', async () => {
    rmSync(path.join(dir, 'dist'), { recursive: true });
    const run = await launch();
    expect(run.stdout).toBe('source\n');
    expect(run.stderr).toMatch(/^Running from source \(there is no build yet;/);
  });
});
