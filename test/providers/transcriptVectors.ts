import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TranscriptWord } from '../../src/pipeline/transcribe/types.js';

/** One reply shape from test/fixtures/transcripts/ (see its README for the sources). */
export interface TranscriptVector {
  file: string;
  source: string;
  reply: unknown;
  expected: { text: string; language: string | null; durationSec: number | null; words: TranscriptWord[]; segments: number };
}

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'transcripts');

export function transcriptVectors(): TranscriptVector[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Omit<TranscriptVector, 'file'>) }));
}

export function transcriptVector(file: string): TranscriptVector {
  const vector = transcriptVectors().find((v) => v.file === file);
  if (!vector) throw new Error(`no transcript vector ${file}`);
  return vector;
}
