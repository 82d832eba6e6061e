import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = 'for-tests-ggml-tiny.en.bin';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * whisper.cpp's own test model (real tiny.en header and vocabulary, no weights), kept beside the repository in
 * `../shared/models/` — where CI clones it. A git worktree lives elsewhere, so its main checkout's neighbour counts
 * too. Missing model → an error that says where it was looked for, never a skipped test.
 */
export function testWhisperModelPath(): string {
  const roots = [repoRoot];
  const dotGit = path.join(repoRoot, '.git');
  if (existsSync(dotGit) && statSync(dotGit).isFile()) {
    // A linked worktree: ".git" holds "gitdir: <main>/.git/worktrees/<name>".
    const gitdir = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
    if (gitdir) roots.push(path.resolve(gitdir, '..', '..', '..'));
  }
  const candidates = roots.map((root) => path.join(root, '..', 'shared', 'models', NAME));
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`The whisper.cpp test model is missing; looked for ${candidates.join(' and ')}`);
  return found;
}
