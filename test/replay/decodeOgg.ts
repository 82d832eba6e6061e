import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * An Ogg Opus file decoded by opusdec (libogg + libopus, outside this project): it checks every page's CRC and honours
 * pre-skip and the end granule. Returns 48 kHz mono samples.
 */
export async function decodeWithOpusdec(ogg: Buffer): Promise<Int16Array> {
  const dir = await mkdtemp(path.join(tmpdir(), 'replay-opusdec-'));
  try {
    const input = path.join(dir, 'in.ogg');
    const output = path.join(dir, 'out.raw');
    await writeFile(input, ogg);
    const { stderr } = await run('opusdec', ['--quiet', '--rate', '48000', input, output]);
    if (stderr.trim() !== '') throw new Error(`opusdec complained: ${stderr.trim()}`);
    const bytes = await readFile(output);
    return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
