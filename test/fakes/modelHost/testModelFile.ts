import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * whisper.cpp's own test model (real tiny.en header and vocabulary, no weights). CI clones the repo with
 * `shared/` beside it; these machines also keep it under /work/shared. Missing is a failure, not a skip.
 */
export function testModelFile(): string {
  const candidates = [
    path.resolve(import.meta.dirname, '../../../../shared/models/for-tests-ggml-tiny.en.bin'),
    '/work/shared/models/for-tests-ggml-tiny.en.bin',
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`The test model is missing; looked at ${candidates.join(', ')}`);
  return found;
}
