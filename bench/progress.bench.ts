// /progress at scale: 10,000 answers for one user among 1,000,000 answer rows in a real SQLite file.
// Measures building the report plus rendering the PNG, against a full-table-scan query as the in-run baseline.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../src/db/client.js';
import { type ProgressScope } from '../src/db/repositories/progressRepository.js';
import { progressQueries } from '../src/db/repositories/progressScanRepository.js';
import { buildProgressReport } from '../src/commands/progress/buildProgressReport.js';
import { renderProgressPng } from '../src/commands/progress/renderProgressPng.js';
import { readPngInfo } from '../src/charts/index.js';

const TOTAL_ANSWERS = 1_000_000;
const TARGET_ANSWERS = 10_000;
const USERS = 1_000;
const WORKSPACES = 20;
const QUESTIONS_PER_SESSION = 5;
const GROUP_SIZE = 4;
const DAYS = 365;
const RUNS = 40;
const WARMUP = 5;

const CATEGORIES = ['React', 'CSS', 'Accessibility', 'Performance', 'Testing', 'Behavioral', 'System design', 'Security'];
const FILLERS = ['um', 'uh', 'like', 'so', 'you know', 'basically'];
const KEYWORDS = ['keys', 'memoization', 'caching', 'idempotency', 'trade-offs', 'result'];
const DAY_MS = 86_400_000;

/** Deterministic, so every run seeds the same data. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface SeedResult {
  ms: number;
  targetUserId: number;
  targetWorkspaceId: number;
  now: Date;
}

/**
 * One transaction, prepared statements on the raw handle. Sessions are written in time order with the target
 * user's solo drills interleaved among group rounds, so her rows are spread through the table as in production.
 */
export function seed(sqlite: Database.Database): SeedResult {
  const started = performance.now();
  const rand = lcg(42);
  const now = new Date(Date.UTC(2026, 10, 24, 12));
  const start = now.getTime() - DAYS * DAY_MS;

  const insertUser = sqlite.prepare('INSERT INTO users (id, platform, platform_user_id, display_name) VALUES (?, ?, ?, ?)');
  const insertWorkspace = sqlite.prepare('INSERT INTO workspaces (id, platform, platform_workspace_id) VALUES (?, ?, ?)');
  const insertSession = sqlite.prepare(
    `INSERT INTO sessions (id, kind, workspace_id, host_user_id, channel_id, role, difficulty, question_count, mode, status, created_at)
     VALUES (?, ?, ?, ?, ?, 'frontend', 'mid', ?, 'voice', 'ended', ?)`,
  );
  const insertQuestion = sqlite.prepare(
    `INSERT INTO questions (id, session_id, position, question_key, role, category, difficulty, text, keywords, ideal_answer, origin, status)
     VALUES (?, ?, ?, ?, 'frontend', ?, 'mid', 'Explain it.', '[]', 'Ideal.', 'bank', 'done')`,
  );
  const insertAnswer = sqlite.prepare(
    `INSERT INTO answers (id, session_id, question_id, user_id, workspace_id, role, category, input_kind, transcript, duration_sec, status, created_at)
     VALUES (?, ?, ?, ?, ?, 'frontend', ?, ?, ?, ?, 'scored', ?)`,
  );
  const insertMetrics = sqlite.prepare(
    `INSERT INTO metrics (answer_id, word_count, fillers_total, fillers_per_minute, fillers_by_word, hedges_total, hedges_by_phrase,
       repetitions, wpm, pause_count, pause_longest_sec, pause_total_sec, speech_sec, delivery_score)
     VALUES (?, ?, ?, ?, ?, 0, '{}', 0, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvaluation = sqlite.prepare(
    `INSERT INTO evaluations (answer_id, score, relevance, depth, structure, clarity, feedback, ideal_answer, keywords_covered,
       keywords_missed, evaluator, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'Name the trade-off.', 'Ideal.', '[]', ?, 'rubric', ?)`,
  );
  const transcript = 'So the reconciler compares the new tree with the old one and, um, only touches what changed in the DOM.';

  const targetSessions = TARGET_ANSWERS / QUESTIONS_PER_SESSION;
  const groupSessions = (TOTAL_ANSWERS - TARGET_ANSWERS) / (QUESTIONS_PER_SESSION * GROUP_SIZE);
  const totalSessions = targetSessions + groupSessions;
  const targetEvery = totalSessions / targetSessions;

  const previousSync = sqlite.pragma('synchronous', { simple: true });
  // Bulk load only: rows are consistent by construction, so foreign-key lookups would just cost time.
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');

  let answerId = 0;
  let questionId = 0;
  let nextTarget = 0;
  sqlite.transaction(() => {
    for (let u = 1; u <= USERS; u += 1) insertUser.run(u, 'discord', `u${u}`, `user ${u}`);
    for (let w = 1; w <= WORKSPACES; w += 1) insertWorkspace.run(w, 'discord', `g${w}`);
    for (let s = 0; s < totalSessions; s += 1) {
      const isTarget = s >= nextTarget && nextTarget < totalSessions;
      if (isTarget) nextTarget += targetEvery;
      const sessionAt = start + Math.floor((s / totalSessions) * DAYS * DAY_MS);
      const sessionId = `s${s}`;
      const workspace = isTarget ? (rand() < 0.8 ? 1 : 2) : 1 + Math.floor(rand() * WORKSPACES);
      const people = isTarget ? [1] : Array.from({ length: GROUP_SIZE }, () => 2 + Math.floor(rand() * (USERS - 1)));
      insertSession.run(sessionId, isTarget ? 'drill' : 'interview', workspace, people[0] ?? 1, `c${workspace}`, QUESTIONS_PER_SESSION, sessionAt);
      for (let q = 0; q < QUESTIONS_PER_SESSION; q += 1) {
        questionId += 1;
        const category = CATEGORIES[Math.floor(rand() * CATEGORIES.length)] ?? 'React';
        insertQuestion.run(questionId, sessionId, q, `bank-${questionId % 500}`, category);
        people.forEach((userId, i) => {
          answerId += 1;
          const at = sessionAt + q * 90_000 + i * 20_000;
          const text = rand() < 0.1;
          const score = Math.round((4 + rand() * 6) * 10) / 10;
          const filler = FILLERS[Math.floor(rand() * FILLERS.length)] ?? 'um';
          const fillerCount = Math.floor(rand() * 5);
          insertAnswer.run(answerId, sessionId, questionId, userId, workspace, category, text ? 'text' : 'voice', transcript, text ? null : 60, at);
          insertMetrics.run(
            answerId,
            130,
            fillerCount,
            text ? null : fillerCount,
            JSON.stringify(fillerCount ? { [filler]: fillerCount } : {}),
            text ? null : 90 + rand() * 90,
            Math.floor(rand() * 4),
            text ? 0 : rand() * 5,
            text ? 0 : rand() * 8,
            text ? null : 55,
            text ? null : Math.round(40 + rand() * 55),
          );
          const missed = rand() < 0.3 ? [KEYWORDS[Math.floor(rand() * KEYWORDS.length)] ?? 'keys'] : [];
          insertEvaluation.run(answerId, score, score, Math.max(0, score - 1), score, Math.min(10, score + 0.5), JSON.stringify(missed), at);
        });
      }
    }
  })();
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`synchronous = ${String(previousSync)}`);
  if (answerId !== TOTAL_ANSWERS) throw new Error(`seeded ${answerId} answers, expected ${TOTAL_ANSWERS}`);
  return { ms: performance.now() - started, targetUserId: 1, targetWorkspaceId: 1, now };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(runs: number, work: () => unknown): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < WARMUP; i += 1) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p95: percentile(times, 95) };
}

function explain(sqlite: Database.Database, query: { toSQL(): { sql: string; params: unknown[] } }): string[] {
  const { sql, params } = query.toSQL();
  return sqlite
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((row) => (typeof row === 'object' && row !== null && 'detail' in row ? String(row.detail) : ''));
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

export async function run(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-bench-progress-'));
  const file = path.join(dir, 'progress.db');
  const handle = openDatabase(file);
  try {
    const seeded = seed(handle.sqlite);
    const sizeMb = statSync(file).size / 2 ** 20;
    const options = { userId: seeded.targetUserId, now: seeded.now };

    const sample = buildProgressReport(handle.db, options);
    const png = await renderProgressPng(sample);
    const pngInfo = png ? readPngInfo(png) : null;
    if (sample.totals.answers !== TARGET_ANSWERS || !pngInfo) throw new Error('benchmark report is not what was seeded');

    const report = await measure(RUNS, () => buildProgressReport(handle.db, options));
    const reportInWorkspace = await measure(RUNS, () => buildProgressReport(handle.db, { ...options, workspaceId: seeded.targetWorkspaceId }));
    const render = await measure(RUNS, () => renderProgressPng(sample));
    const both = await measure(RUNS, async () => renderProgressPng(buildProgressReport(handle.db, options)));
    // Baseline: the cheapest report query made to ignore the index (what any query would cost without it).
    const scan = handle.sqlite.prepare(
      'SELECT count(*) FROM answers NOT INDEXED JOIN evaluations ON evaluations.answer_id = answers.id WHERE answers.user_id = ?',
    );
    const fullScan = await measure(5, () => scan.get(seeded.targetUserId));
    const indexed = handle.sqlite.prepare(
      'SELECT count(*) FROM answers JOIN evaluations ON evaluations.answer_id = answers.id WHERE answers.user_id = ?',
    );
    const indexedCount = await measure(RUNS, () => indexed.get(seeded.targetUserId));

    const q = progressQueries(handle.db);
    const scope: ProgressScope = { userId: seeded.targetUserId, until: seeded.now };
    const plans: [string, string[]][] = [
      ['sessions (totals + trend)', explain(handle.sqlite, q.sessions(scope))],
      ['scoreWindow (30 d)', explain(handle.sqlite, q.scoreWindow(scope, seeded.now, 30))],
      ['categories', explain(handle.sqlite, q.categories(scope))],
      ['topFillers', explain(handle.sqlite, q.topFillers(scope, 3))],
      ['practiceDays', explain(handle.sqlite, q.practiceDays(scope))],
      ['recentAverages', explain(handle.sqlite, q.recentAverages(scope, 50))],
      ['sessions in a workspace', explain(handle.sqlite, q.sessions({ ...scope, workspaceId: seeded.targetWorkspaceId }))],
    ];

    return [
      '## /progress report + chart',
      '',
      `Seeded ${TOTAL_ANSWERS.toLocaleString('en')} answers (+ metrics + evaluations) from ${USERS} users over ${DAYS} days in ` +
        `${fmt(seeded.ms)} (one transaction, prepared statements); the measured user has ${TARGET_ANSWERS.toLocaleString('en')} ` +
        `answers in ${sample.totals.sessions.toLocaleString('en')} sessions. File: ${sizeMb.toFixed(0)} MB. ${RUNS} runs after ${WARMUP} warm-ups.`,
      '',
      '| what | median | p95 |',
      '|---|---|---|',
      `| **buildProgressReport + renderProgressPng (1200×800)** | **${fmt(both.median)}** | **${fmt(both.p95)}** |`,
      `| buildProgressReport (all workspaces) | ${fmt(report.median)} | ${fmt(report.p95)} |`,
      `| buildProgressReport (one workspace) | ${fmt(reportInWorkspace.median)} | ${fmt(reportInWorkspace.p95)} |`,
      `| renderProgressPng (local chart.js + @napi-rs/canvas, ${png?.length.toLocaleString('en') ?? 0} bytes) | ${fmt(render.median)} | ${fmt(render.p95)} |`,
      `| baseline: one count over the user's scored answers, index disabled (full scan) | ${fmt(fullScan.median)} | ${fmt(fullScan.p95)} |`,
      `| the same count through answers_user_time | ${fmt(indexedCount.median)} | ${fmt(indexedCount.p95)} |`,
      '',
      `Target: < 150 ms median for report + PNG — ${both.median < 150 ? 'met' : 'NOT met'}. Without the index a single ` +
        `report query would cost ${(fullScan.median / indexedCount.median).toFixed(0)}× more (${fmt(fullScan.median)}), ` +
        'and the report runs eight of them.',
      '',
      'EXPLAIN QUERY PLAN (every query starts from the user-time index):',
      '',
      '```',
      ...plans.flatMap(([name, lines]) => [`${name}:`, ...lines.map((l) => `  ${l}`)]),
      '```',
    ].join('\n');
  } finally {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
