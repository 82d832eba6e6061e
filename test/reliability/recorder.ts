/**
 * The reliability catalogue: every fault or bad input a test tries, with what the bot did, written by the test
 * run itself. Each test file keeps its own recorder (vitest runs files in separate workers), writes its rows to
 * `docs/reliability/<file>.json` when it finishes, and then regenerates `docs/RELIABILITY.md` from every fragment
 * there. The fragment write and the merge happen under a directory lock, so the file that finishes last leaves
 * the complete document whatever the order.
 */
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { it } from 'vitest';
import { testsOnPostgres } from '../helpers/tempPgDatabase.js';

export interface CatalogueEntry {
  area: string;
  input: string;
  expected: string;
  observed: string;
  pass: boolean;
  /** Set for a known bug: the row documents the wrong behaviour until someone fixes it. */
  knownBug?: string;
}

export interface Fragment {
  file: string;
  title: string;
  ranAt: string;
  durationMs: number;
  entries: CatalogueEntry[];
}

export const DOCS_DIR = path.resolve(import.meta.dirname, '../../docs');
export const FRAGMENT_DIR = path.join(DOCS_DIR, 'reliability');
export const REPORT_FILE = path.join(DOCS_DIR, 'RELIABILITY.md');
const LOCK_DIR = path.join(FRAGMENT_DIR, '.lock');

export interface CaseMeta {
  area: string;
  /** The fault or bad input, as a person would describe it. */
  input: string;
  /** The behaviour the test asserts. */
  expected: string;
}

/** What a case body gets: `observe` adds to the Observed column (the bot's actual reply, counts, rows…). */
export type Observe = (observed: string) => void;

export class ReliabilityRecorder {
  readonly entries: CatalogueEntry[] = [];
  private readonly startedAt = Date.now();

  constructor(
    /** Fragment name, e.g. the test file's base name. */
    readonly file: string,
    /** A heading for this file's rows in the document. */
    readonly title: string,
  ) {}

  /**
   * An `it` whose row goes into the catalogue. Pass/fail is the test's own outcome: an assertion that throws
   * marks the row failed and puts the error in the Observed column.
   */
  case(meta: CaseMeta, body: (observe: Observe) => Promise<void>, timeoutMs?: number): void {
    it(`${meta.area}: ${meta.input}`, async () => {
      const entry = this.add(meta);
      try {
        await body((observed) => {
          entry.observed = entry.observed ? `${entry.observed}; ${observed}` : observed;
        });
        entry.pass = true;
      } catch (error) {
        entry.observed = `${entry.observed ? `${entry.observed}; ` : ''}FAILED: ${firstLine(error)}`;
        throw error;
      }
    }, timeoutMs);
  }

  /**
   * A case the product currently fails, for a bug someone else must fix: the test passes while the behaviour is
   * still wrong (`it.fails`) and starts failing once it is fixed, so the row is then turned into a `case`.
   */
  knownBug(meta: CaseMeta & { bug: string }, body: (observe: Observe) => Promise<void>, timeoutMs?: number): void {
    it.fails(`${meta.area}: ${meta.input} (known bug)`, async () => {
      const { bug, ...rest } = meta;
      const entry = this.add(rest);
      entry.knownBug = bug;
      try {
        await body((observed) => {
          entry.observed = entry.observed ? `${entry.observed}; ${observed}` : observed;
        });
        entry.pass = true;
      } catch (error) {
        entry.observed = `${entry.observed ? `${entry.observed}; ` : ''}not as expected: ${firstLine(error)}`;
        throw error;
      }
    }, timeoutMs);
  }

  /** A row not tied to one `it` (e.g. checks made in afterAll); starts as failed until `pass` is set. */
  add(meta: CaseMeta): CatalogueEntry {
    const entry: CatalogueEntry = { ...meta, observed: '', pass: false };
    this.entries.push(entry);
    return entry;
  }

  /**
   * Writes this file's fragment and regenerates docs/RELIABILITY.md from all fragments. The catalogue describes the
   * SQLite run (the README's test command): the PostgreSQL pass (TEST_DATABASE_URL set) checks the same cases but
   * leaves the docs alone.
   */
  async flush(): Promise<void> {
    if (testsOnPostgres) return;
    const fragment: Fragment = {
      file: this.file,
      title: this.title,
      ranAt: new Date().toISOString(),
      durationMs: Date.now() - this.startedAt,
      entries: this.entries,
    };
    await mkdir(FRAGMENT_DIR, { recursive: true });
    await withLock(async () => {
      await writeAtomically(path.join(FRAGMENT_DIR, `${this.file}.json`), `${JSON.stringify(fragment, null, 2)}\n`);
      const fragments = await readFragments();
      await writeAtomically(REPORT_FILE, renderReport(fragments));
    });
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.slice(0, 300) ?? '';
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, content);
  await rename(partial, file);
}

/** mkdir is atomic: whoever creates the directory holds the lock. A lock older than 30 s is a crashed run's. */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      break;
    } catch (error) {
      if (!isExistsError(error)) throw error;
      const info = await stat(LOCK_DIR).catch(() => null);
      if (info && Date.now() - info.mtimeMs > 30_000) await rmdir(LOCK_DIR).catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`could not take ${LOCK_DIR}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  try {
    return await work();
  } finally {
    await rm(LOCK_DIR, { recursive: true, force: true });
  }
}

function isExistsError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EEXIST';
}

async function readFragments(): Promise<Fragment[]> {
  const names = (await readdir(FRAGMENT_DIR)).filter((n) => n.endsWith('.json')).sort();
  const fragments: Fragment[] = [];
  for (const name of names) {
    const parsed: unknown = JSON.parse(await readFile(path.join(FRAGMENT_DIR, name), 'utf8'));
    if (isFragment(parsed)) fragments.push(parsed);
  }
  return fragments;
}

function isFragment(value: unknown): value is Fragment {
  return (
    typeof value === 'object' &&
    value !== null &&
    'file' in value &&
    typeof value.file === 'string' &&
    'title' in value &&
    typeof value.title === 'string' &&
    'ranAt' in value &&
    typeof value.ranAt === 'string' &&
    'entries' in value &&
    Array.isArray(value.entries)
  );
}

function result(e: CatalogueEntry): string {
  if (e.pass) return '✅ pass';
  return e.knownBug ? `⚠️ known bug: ${cell(e.knownBug)}` : '❌ FAIL';
}

/** Markdown table cell: one line, pipes escaped, long text kept readable. */
function cell(text: string): string {
  const oneLine = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
  return oneLine.length > 1200 ? `${oneLine.slice(0, 1199)}…` : oneLine;
}

export function renderReport(fragments: readonly Fragment[]): string {
  const all = fragments.flatMap((f) => f.entries);
  const passed = all.filter((e) => e.pass).length;
  const known = all.filter((e) => !e.pass && e.knownBug).length;
  const dates = fragments.map((f) => f.ranAt).sort();
  const newest = dates.at(-1) ?? new Date().toISOString();
  const lines = [
    '# Interview Coach — reliability catalogue',
    '',
    '<!-- Generated by test/reliability/recorder.ts; edit the tests, not this file. -->',
    '',
    `Generated ${newest.slice(0, 10)} (newest run ${newest}) by \`npx vitest run test/reliability\`. Every row is one`,
    'fault or bad input that a test in `test/reliability/` injected into the running product — the production',
    'Discord bot against the local Discord fake, real SQLite, the providers against local OpenAI/Gemini fakes, the real',
    'CLI as a child process — with the behaviour the test asserts and what the bot actually did in that run. Each test',
    'file writes its rows to `docs/reliability/<file>.json` when it finishes and regenerates this document from all',
    'of them, so a partial run keeps the other files\' latest rows (their dates are listed below). Rows marked ⚠️ are',
    'known bugs in code owned by someone else: the test asserts the right behaviour and runs as an expected failure',
    '(`it.fails`), so it turns red once the bug is fixed and is then made an ordinary case.',
    '',
    `**${passed} of ${all.length} cases behave as expected${known ? `; ${known} ${known === 1 ? 'is a known bug' : 'are known bugs'} (⚠️ rows, reported to the file's owner)` : ''}.**`,
    '',
    '| test file | cases | passed | ran at (UTC) | took |',
    '|---|---|---|---|---|',
    ...fragments.map(
      (f) =>
        `| \`test/reliability/${f.file}.test.ts\` | ${f.entries.length} | ${f.entries.filter((e) => e.pass).length} | ${f.ranAt.replace('T', ' ').slice(0, 19)} | ${(f.durationMs / 1000).toFixed(1)} s |`,
    ),
    '',
  ];
  for (const fragment of fragments) {
    lines.push(`## ${fragment.title}`, '', '| area | fault / input | expected | observed | result |', '|---|---|---|---|---|');
    for (const e of fragment.entries) {
      lines.push(`| ${cell(e.area)} | ${cell(e.input)} | ${cell(e.expected)} | ${cell(e.observed || '—')} | ${result(e)} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
