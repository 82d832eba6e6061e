import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Tests that spawn bin/interview-coach.js or `npm start` run the compiled dist/: compile the current source first.
 * The build is incremental, so with nothing changed this is a timestamp check (about half a second).
 */
export default function buildDist(): void {
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../bin/build.js')], { stdio: 'inherit' });
}
