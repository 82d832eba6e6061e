// Filler detection accuracy (issue 13): precision, recall and F1 on the team's labelled sentences and on examples
// taken from other filler detectors' public test suites, punctuated and as raw speech-to-text; against main's rules
// before the change (read from git at BASELINE_COMMIT) measured in the same run. Also the cost per answer.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeText } from '../src/pipeline/analyze/analyzeText.js';
import { findFillers } from '../src/pipeline/analyze/fillers.js';
import { tokenize } from '../src/pipeline/analyze/tokenize.js';
import { loadPublicSet, loadTeamSet, unpunctuated } from '../test/helpers/fillerLabels.js';
import { score, type Detector, type Labelled, type OldFindFillers, type Score } from './fillerScoring.js';

const BASELINE_COMMIT = 'd987028';
const GOAL = { precision: 0.95, recall: 0.92 };
const TIMING_ROUNDS = 200;

const countBy = (names: readonly string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const n of names) out[n] = (out[n] ?? 0) + 1;
  return out;
};

const current: Detector = (text) => analyzeText({ text }).fillers.byWord;

/** main's fillers.ts before this change, written to a temp folder and imported; undefined without git history. */
async function loadBaseline(): Promise<{ detect: Detector; find: OldFindFillers; cleanup: () => void } | undefined> {
  let source: string;
  try {
    source = execFileSync('git', ['show', `${BASELINE_COMMIT}:src/pipeline/analyze/fillers.ts`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'filler-baseline-'));
  const file = path.join(dir, 'fillers.ts');
  writeFileSync(file, source);
  const mod = (await import(pathToFileURL(file).href)) as { findFillers: OldFindFillers };
  const find = mod.findFillers;
  return {
    find,
    detect: (text) => countBy(find(tokenize(text)).map((h) => h.filler)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const f = (x: number) => x.toFixed(3);
const goalMet = (s: Score) => (s.precision >= GOAL.precision && s.recall >= GOAL.recall ? 'met' : 'not met');

function row(label: string, s: Score, baseline: Score | undefined): string {
  const base = baseline ? `${f(baseline.precision)} / ${f(baseline.recall)} / ${f(baseline.f1)} (${baseline.exact}/${baseline.sentences})` : '–';
  return `| ${label} | ${s.sentences} | **${f(s.precision)} / ${f(s.recall)} / ${f(s.f1)}** | ${s.exact}/${s.sentences} | ${goalMet(s)} | ${base} |`;
}

function timePerSentence(texts: readonly string[], run: (text: string) => unknown): number {
  for (const t of texts) run(t);
  const started = performance.now();
  for (let r = 0; r < TIMING_ROUNDS; r++) for (const t of texts) run(t);
  return ((performance.now() - started) * 1000) / (TIMING_ROUNDS * texts.length);
}

const show = (counts: Record<string, number>) => {
  const entries = Object.entries(counts);
  return entries.length ? entries.map(([w, n]) => `${w}×${n}`).join(', ') : 'none';
};

export async function run(): Promise<string> {
  const team = loadTeamSet();
  const publicSet = loadPublicSet();
  const teamPunct: Labelled[] = team.filter((s) => s.kind === 'punct');
  const teamRaw: Labelled[] = team.filter((s) => s.kind === 'raw');
  const teamPunctStripped: Labelled[] = teamPunct.map((s) => ({ ...s, text: unpunctuated(s.text) }));
  const publicStripped: Labelled[] = publicSet.map((s) => ({ ...s, text: unpunctuated(s.text) }));
  const sets: [string, readonly Labelled[]][] = [
    ['team, punctuated', teamPunct],
    ['team, raw speech-to-text (written so)', teamRaw],
    ['team, punctuated set lowercased and unpunctuated', teamPunctStripped],
    ['public sources, as written', publicSet],
    ['public sources, lowercased and unpunctuated', publicStripped],
  ];
  const baseline = await loadBaseline();
  try {
    const rows = sets.map(([label, set]) => row(label, score(set, current), baseline ? score(set, baseline.detect) : undefined));
    const publicMisses = [...score(publicSet, current).misses, ...score(publicStripped, current).misses];
    const texts = team.map((s) => s.text);
    const newFind = timePerSentence(texts, (t) => findFillers(tokenize(t)));
    const oldFind = baseline ? timePerSentence(texts, (t) => baseline.find(tokenize(t))) : undefined;
    const whole = timePerSentence(texts, (t) => analyzeText({ text: t }));
    return [
      '## Filler detection (lexical fillers with and without punctuation)',
      '',
      `Labelled sentences in \`test/fixtures/fillers/\`: ${team.length} written by the team (${teamPunct.length} punctuated, ${teamRaw.length} lowercase and unpunctuated as speech-to-text gives them) and ${publicSet.length} taken with their labels from other filler detectors' public test suites (sources in that folder's README). Counts are per filler word: a "like" found where none was said is a false positive, one missed a false negative. Cells: precision / recall / F1, and sentences where every filler count agrees. Goal: precision ≥ ${GOAL.precision}, recall ≥ ${GOAL.recall}. Baseline: main's rules before this change (\`git show ${BASELINE_COMMIT}:src/pipeline/analyze/fillers.ts\`), run in the same process${baseline ? '' : ' — not available here (no git history), so not shown'}.`,
      '',
      '| set | sentences | this analyser P / R / F1 | exact | goal | baseline P / R / F1 (exact) |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
      `The team set documents the rules (\`test/analyze/fillerLabelledSet.test.ts\` asserts every sentence), so its as-written rows are 1.000 by construction; the stripped team row and the public sources are the closer-to-independent measure. Public-source labels are kept as their authors wrote them, including where this project disagrees (e.g. "I like this" labelled a filler by a keyword matcher, "you know what I mean" labelled a filler); those count as errors here. Neither is fully held out: they were first measured at 0.964 / 0.914 (public, as written), 0.962 / 0.879 (public, unpunctuated) and 1.000 / 0.911 (team punctuated set stripped), and rules were then added after reading those misses: "you know" before a preposition, "I mean it" before a clause, and "like" after an article ("the like problem"), between a past verb and a preposition ("went like to the store") and judged past another filler ("I like you know wanted"). Where the public sources and this analyser disagree (${publicMisses.length} sentences, as written and unpunctuated):`,
      '',
      ...publicMisses.map((m) => `- "${m.text}": labelled ${show(m.expected)}; found ${show(m.found)}`),
      '',
      `Cost per sentence (${texts.length} sentences × ${TIMING_ROUNDS} rounds, mean): tokenize + \`findFillers\` ${newFind.toFixed(1)} µs${oldFind !== undefined ? ` (baseline rules ${oldFind.toFixed(1)} µs)` : ''}; the whole \`analyzeText\` (fillers, hedges, stumbles, discourse markers, pace) ${whole.toFixed(1)} µs.`,
      '',
      PART_OF_SPEECH_COMPARISON,
    ].join('\n');
  } finally {
    baseline?.cleanup();
  }
}

/**
 * Measured on 2026-12-02 with the taggers installed in a scratch folder: they are not project dependencies, so
 * `npm run bench` repeats this text instead of re-running it. Each tagger replaced the lexicon as the `classAt`
 * argument of `findFillers` (Penn/compromise tags mapped onto the same word classes); the rules were unchanged.
 */
const PART_OF_SPEECH_COMPARISON = [
  '### Word classes: the built-in lexicon against npm part-of-speech taggers (measured outside `npm run bench`, 2026-12-02)',
  '',
  'The "like" and "you know" rules ask what kind of word follows (adverb, adjective, quantity, past or -ing form, subject, determiner). Each source below fed the same rules; P / R per set, F1 over all 383 sentence readings, tokenize + rules per sentence (best of 5 × 20 rounds; the range of two runs on a loaded machine). The taggers were installed in a scratch folder, not in the project.',
  '',
  '| word classes from | team punct. | team raw | team punct. stripped | public | public stripped | F1 all | per sentence | installed size |',
  '|---|---|---|---|---|---|---|---|---|',
  '| **lexicon (`src/pipeline/analyze/wordClass.ts`)** | 1.000 / 1.000 | 1.000 / 1.000 | 1.000 / 1.000 | 0.965 / 0.948 | 0.965 / 0.948 | **0.980** | **15–26 µs** | – |',
  '| pos 0.4.2 (Brill tagger) | 1.000 / 0.978 | 1.000 / 0.957 | 1.000 / 0.978 | 0.965 / 0.948 | 0.965 / 0.948 | 0.972 | 46 µs | 3.9 MB |',
  '| wink-pos-tagger 2.2.2 | 1.000 / 0.978 | 1.000 / 0.935 | 1.000 / 0.978 | 0.965 / 0.948 | 0.965 / 0.948 | 0.970 | 78–103 µs | 13 MB |',
  '| compromise 14.17.0 | 1.000 / 0.978 | 1.000 / 0.978 | 1.000 / 0.933 | 0.965 / 0.948 | 0.965 / 0.948 | 0.970 | 1919–2344 µs | 5.1 MB |',
  '',
  'Chosen: the lexicon. On the public-source sentences — the only ones not written alongside the rules — all four score the same; on the team sentences every tagger loses a few fillers the lexicon keeps, because a tagger reads the "like" in "like ten minutes", "was like timing out", "was like nothing" or "like pretty standard" as the preposition or verb and tags its neighbour to match (pos: "like ten"/"like three"; wink: "like timing", "like nothing", "like rewrote"; compromise: "like pretty", "like nothing", "like down", "like fine"). The lexicon is also faster (about 2× against pos, 100× against compromise) and adds no dependency. The team-set columns favour the lexicon by construction (the rules were written with those sentences), so the honest claim is: no tagger measured better.',
].join('\n');
