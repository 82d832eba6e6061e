// Runs before anything else (plain JS, no dependencies): the native modules this project loads (better-sqlite3,
// @discordjs/opus, DAVE) crash without a message on an older Node, so say what is needed and stop instead.
// The minimum comes from package.json's `engines.node` so there is one place to change it.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const wanted = /(\d+)\.(\d+)/.exec(String(pkg.engines?.node ?? ''));
const [major, minor] = process.versions.node.split('.').map(Number);
if (wanted) {
  const [needMajor, needMinor] = [Number(wanted[1]), Number(wanted[2])];
  if (major < needMajor || (major === needMajor && minor < needMinor)) {
    process.stderr.write(
      `Interview Coach needs Node.js ${needMajor}.${needMinor} or newer; this is Node ${process.versions.node} (${process.execPath}). Install Node ${needMajor}.${needMinor}+ (the repo's .nvmrc says which: \`nvm use\`) and run again.\n`,
    );
    process.exit(1);
  }
}
