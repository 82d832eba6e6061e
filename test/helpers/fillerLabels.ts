// Reads the labelled filler sentences in test/fixtures/fillers/ (format described in that folder's README).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LabelledSentence {
  /** `punct` = written with punctuation; `raw` = lowercase, unpunctuated, as speech-to-text gives it. */
  kind: 'punct' | 'raw';
  text: string;
  fillers: Record<string, number>;
  stumbles: number;
  markers: Record<string, number>;
  line: number;
}

export interface PublicSentence {
  source: string;
  text: string;
  fillers: Record<string, number>;
  line: number;
}

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'fillers');

/** `like=2, you know=1` → {like: 2, 'you know': 1}; `-` → {}. */
export function parseCounts(cell: string, where: string): Record<string, number> {
  const counts: Record<string, number> = {};
  if (cell.trim() === '-') return counts;
  for (const part of cell.split(',')) {
    const match = /^\s*([^=]+?)\s*=\s*(\d+)\s*$/.exec(part);
    if (!match?.[1] || !match[2]) throw new Error(`${where}: bad count "${part}"`);
    counts[match[1]] = Number(match[2]);
  }
  return counts;
}

function rows(file: string, columns: number): { cells: string[]; line: number }[] {
  const lines = readFileSync(path.join(folder, file), 'utf8').split('\n');
  const out: { cells: string[]; line: number }[] = [];
  lines.forEach((text, index) => {
    if (index === 0 || text.trim() === '') return;
    const cells = text.split('\t');
    if (cells.length !== columns) throw new Error(`${file}:${index + 1}: expected ${columns} tab-separated columns, got ${cells.length}`);
    out.push({ cells, line: index + 1 });
  });
  return out;
}

/** The team's own sentences (team.tsv). */
export function loadTeamSet(): LabelledSentence[] {
  return rows('team.tsv', 5).map(({ cells, line }) => {
    const [kind, text, fillers, stumbles, markers] = cells as [string, string, string, string, string];
    if (kind !== 'punct' && kind !== 'raw') throw new Error(`team.tsv:${line}: kind must be punct or raw`);
    const where = `team.tsv:${line}`;
    return { kind, text, fillers: parseCounts(fillers, where), stumbles: Number(stumbles), markers: parseCounts(markers, where), line };
  });
}

/** Sentences and labels taken from other filler detectors' public test suites (public.tsv). */
export function loadPublicSet(): PublicSentence[] {
  return rows('public.tsv', 3).map(({ cells, line }) => {
    const [source, text, fillers] = cells as [string, string, string];
    return { source, text, fillers: parseCounts(fillers, `public.tsv:${line}`), line };
  });
}

/** The same words as raw speech-to-text gives them: lower case, no punctuation. */
export function unpunctuated(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'’\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
