// /progress at scale: users with 1,000, 10,000 and 100,000 answers among other users' answers in a real SQLite file.
// Measures the report plus the PNG from the rollups (split into its two parts), the same drawn the previous way
// (new charts, @napi-rs/canvas's PNG encoder), the cached repeat, and the full scan the rollups replaced, interleaved.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../src/db/client.js';
import { rollupBackfill } from '../src/db/repositories/progressRollups.js';
import { sqliteDialect } from '../src/db/dialect.js';
import { createProgressScanRepository } from '../src/db/repositories/progressScanRepository.js';
import { createStoryCoverageRepository } from '../src/db/repositories/storyCoverageRepository.js';
import { createPeerRatingRepository, createRepositories } from '../src/db/index.js';
import { buildProgressReport } from '../src/commands/progress/buildProgressReport.js';
import { ProgressReportCache } from '../src/commands/progress/progressReportCache.js';
import { clearProgressPngCache, progressChartData, PROGRESS_PNG_SIZE, renderProgressPng } from '../src/commands/progress/renderProgressPng.js';
import type { ProgressReport } from '../src/commands/progress/types.js';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { Chart } from 'chart.js';
import { buildProgressChartConfigs } from '../src/charts/progressChartConfigs.js';
import { registerChartJs } from '../src/charts/registerChartJs.js';
import { ensureChartFont } from '../src/charts/ensureChartFont.js';
import { userId } from '../src/ids.js';
import { paintGrid } from '../src/charts/composeGrid.js';

const TARGETS = [1_000, 10_000, 100_000] as const;
const BACKGROUND_ANSWERS = 200_000;
const USERS = 1_000;
const WORKSPACES = 20;
const QUESTIONS_PER_SESSION = 5;
const GROUP_SIZE = 4;
const DAYS = 365;
const RUNS = 20;
const SCAN_RUNS = 5;
const WARMUP = 3;

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
  answers: number;
  now: Date;
}

/**
 * One transaction, prepared statements on the raw handle, written the way a database from before the rollups
 * holds it. Users 1–3 practise alone (1k, 10k, 100k answers over the year); everyone else in group rounds, in
 * time order, so the measured users' rows are spread through the table as in production.
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

  // Every session with its time and who answers in it, sorted by time.
  const plan: { at: number; people: number[] }[] = [];
  TARGETS.forEach((answers, i) => {
    const sessions = answers / QUESTIONS_PER_SESSION;
    for (let s = 0; s < sessions; s += 1) plan.push({ at: start + Math.floor(((s + rand()) / sessions) * DAYS * DAY_MS), people: [i + 1] });
  });
  const groupSessions = BACKGROUND_ANSWERS / (QUESTIONS_PER_SESSION * GROUP_SIZE);
  for (let s = 0; s < groupSessions; s += 1) {
    const people = Array.from({ length: GROUP_SIZE }, () => TARGETS.length + 1 + Math.floor(rand() * (USERS - TARGETS.length)));
    plan.push({ at: start + Math.floor(rand() * DAYS * DAY_MS), people });
  }
  plan.sort((a, b) => a.at - b.at);

  const previousSync = sqlite.pragma('synchronous', { simple: true });
  // Bulk load only: rows are consistent by construction, so foreign-key lookups would just cost time.
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');

  let answerId = 0;
  let questionId = 0;
  sqlite.transaction(() => {
    for (let u = 1; u <= USERS; u += 1) insertUser.run(u, 'discord', `u${u}`, `user ${u}`);
    for (let w = 1; w <= WORKSPACES; w += 1) insertWorkspace.run(w, 'discord', `g${w}`);
    plan.forEach(({ at: sessionAt, people }, s) => {
      const solo = people.length === 1;
      const sessionId = `s${s}`;
      const workspace = solo ? (rand() < 0.8 ? 1 : 2) : 1 + Math.floor(rand() * WORKSPACES);
      insertSession.run(sessionId, solo ? 'drill' : 'interview', workspace, people[0] ?? 1, `c${workspace}`, QUESTIONS_PER_SESSION, sessionAt);
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
            text ? null : Math.round((90 + rand() * 90) * 10) / 10,
            Math.floor(rand() * 4),
            text ? 0 : Math.round(rand() * 500) / 100,
            text ? 0 : Math.round(rand() * 800) / 100,
            text ? null : 55,
            text ? null : Math.round(40 + rand() * 55),
          );
          const missed = rand() < 0.3 ? [KEYWORDS[Math.floor(rand() * KEYWORDS.length)] ?? 'keys'] : [];
          insertEvaluation.run(answerId, score, score, Math.max(0, score - 1), score, Math.min(10, score + 0.5), JSON.stringify(missed), at);
        });
      }
    });
  })();
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`synchronous = ${String(previousSync)}`);
  const expected = TARGETS.reduce((n, t) => n + t, 0) + BACKGROUND_ANSWERS;
  if (answerId !== expected) throw new Error(`seeded ${answerId} answers, expected ${expected}`);
  return { ms: performance.now() - started, answers: answerId, now };
}

/**
 * The drawing as it was before the charts were kept and the PNG encoded with zlib: four new Chart instances on new
 * canvases, destroyed afterwards, and @napi-rs/canvas's own PNG encoder. The baseline of the same run.
 */
async function previousDrawing(report: ProgressReport): Promise<Buffer> {
  const ChartJs = registerChartJs();
  const font = ensureChartFont();
  const grid = { ...PROGRESS_PNG_SIZE, theme: 'dark' } as const;
  const configs = buildProgressChartConfigs(progressChartData(report), { theme: 'dark', ...(font.family ? { fontFamily: font.family } : {}) });
  const canvases: Canvas[] = [];
  const charts: Chart[] = [];
  try {
    for (const config of [configs.score, configs.fillers, configs.wpm, configs.categories] as const) {
      const canvas = createCanvas(grid.width / 2, grid.height / 2);
      charts.push(new ChartJs(canvas.getContext('2d'), config as never));
      canvases.push(canvas);
    }
    const target = createCanvas(grid.width, grid.height);
    paintGrid(canvases, grid, target);
    return await target.encode('png');
  } finally {
    for (const chart of charts) chart.destroy();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

export async function run(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-bench-progress-'));
  const file = path.join(dir, 'progress.db');
  const handle = openDatabase(file);
  try {
    const seeded = seed(handle.sqlite);
    // What migrations 0002 and 0008 do on upgrade: the rollups back-filled from the stored answers.
    handle.sqlite.exec(
      'DELETE FROM progress_days; DELETE FROM progress_category_days; DELETE FROM progress_filler_days; DELETE FROM progress_sessions; ' +
        'DELETE FROM progress_months; DELETE FROM progress_category_months; DELETE FROM progress_filler_months;',
    );
    const backfillStarted = performance.now();
    handle.sqlite.transaction(() => {
      for (const insert of rollupBackfill(sqliteDialect)) handle.db.run(insert);
    })();
    const backfillMs = performance.now() - backfillStarted;
    const sizeMb = statSync(file).size / 2 ** 20;
    const scan = { progress: createProgressScanRepository(handle), stories: createStoryCoverageRepository(handle), peerRatings: createPeerRatingRepository(handle) };

    const users = TARGETS.map((answers, i) => ({ answers, options: { userId: userId(i + 1), now: seeded.now } }));
    for (const user of users) {
      const report = await buildProgressReport(handle, user.options);
      if (report.totals.answers !== user.answers) throw new Error(`user ${user.options.userId}: ${report.totals.answers} answers, seeded ${user.answers}`);
      if (JSON.stringify(report) !== JSON.stringify(await buildProgressReport(scan, user.options))) {
        throw new Error(`user ${user.options.userId}: the rollup report differs from the full scan`);
      }
    }

    // The app's path: the repositories bag with the rollup repository and the version reads, through the report cache.
    const { progress, progressVersions, stories, peerRatings } = createRepositories(handle);
    const repos = { progress, progressVersions, stories, peerRatings };
    const cold = users.map(() => [] as number[]);
    const coldReport = users.map(() => [] as number[]);
    const coldPng = users.map(() => [] as number[]);
    const previous = users.map(() => [] as number[]);
    // CPU time of this process (all its threads: the deflate runs on the thread pool) — what the drawing costs, whatever
    // else the machine runs; wall time on a loaded machine also waits for the cores.
    const coldCpu = users.map(() => [] as number[]);
    const previousCpu = users.map(() => [] as number[]);
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const warm = users.map(() => [] as number[]);
    const scanned = users.map(() => [] as number[]);
    const pngBytes = users.map(() => 0);
    for (let round = -WARMUP; round < RUNS; round += 1) {
      // Rotate which user goes first so no size always runs on a warmer cache; alternate which way is drawn first.
      for (let k = 0; k < users.length; k += 1) {
        const i = (k + Math.max(0, round)) % users.length;
        const user = users[i];
        if (!user) continue;
        const drawPrevious = async () => {
          const c = cpuMs();
          const t = performance.now();
          await previousDrawing(await buildProgressReport(repos, user.options));
          return { ms: performance.now() - t, cpu: cpuMs() - c };
        };
        const previousFirst = round % 2 === 0;
        const previousRun = previousFirst ? await drawPrevious() : undefined;
        // First drawing: nothing cached (a new answer bumped the version, so the report and image are new).
        const cache = new ProgressReportCache();
        clearProgressPngCache();
        const c = cpuMs();
        let t = performance.now();
        const report = await cache.report(repos, user.options);
        const reportMs = performance.now() - t;
        const png = await renderProgressPng(report);
        const coldMs = performance.now() - t;
        const coldCpuMs = cpuMs() - c;
        // Repeat with nothing new: the version read, the report and the image from memory.
        t = performance.now();
        await renderProgressPng(await cache.report(repos, user.options));
        const warmMs = performance.now() - t;
        const previousLast = previousRun ?? (await drawPrevious());
        if (round < 0) continue;
        cold[i]?.push(coldMs);
        coldReport[i]?.push(reportMs);
        coldPng[i]?.push(coldMs - reportMs);
        previous[i]?.push(previousLast.ms);
        coldCpu[i]?.push(coldCpuMs);
        previousCpu[i]?.push(previousLast.cpu);
        warm[i]?.push(warmMs);
        pngBytes[i] = png?.length ?? 0;
        if (round < SCAN_RUNS) {
          t = performance.now();
          await buildProgressReport(scan, user.options);
          scanned[i]?.push(performance.now() - t);
        }
      }
    }
    const stats = (times: number[]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return { median: percentile(sorted, 50), p95: percentile(sorted, 95) };
    };
    const coldStats = cold.map(stats);
    const coldReportStats = coldReport.map(stats);
    const coldPngStats = coldPng.map(stats);
    const previousStats = previous.map(stats);
    const coldCpuStats = coldCpu.map(stats);
    const previousCpuStats = previousCpu.map(stats);
    const warmStats = warm.map(stats);
    const scanStats = scanned.map(stats);
    const median = (list: { median: number }[], i: number) => list[i]?.median ?? Number.NaN;
    const last = users.length - 1;
    const coldRatio = median(coldStats, last) / median(coldStats, 0);
    const warmRatio = median(warmStats, last) / median(warmStats, 0);
    const coldMet = coldRatio <= 1.2 && coldStats.every((x) => x.median < 100);
    const warmMet = warmStats.every((x) => x.median <= 5);

    return [
      '## /progress report + chart',
      '',
      `Seeded ${seeded.answers.toLocaleString('en')} answers (+ metrics + evaluations) from ${USERS} users over ${DAYS} days in ` +
        `${fmt(seeded.ms)}; the migration's rollup back-fill over all of them took ${fmt(backfillMs)}. File: ${sizeMb.toFixed(0)} MB. ` +
        `Three users practise alone, ${TARGETS.map((t) => t.toLocaleString('en')).join(' / ')} answers in sessions of ${QUESTIONS_PER_SESSION}. ` +
        `${RUNS} interleaved rounds after ${WARMUP} warm-ups (full scan: the first ${SCAN_RUNS}); in each, per user: the first drawing ` +
        `(a new report cache and image cache, as after a new answer: the version read, the report from the rollups, the time ` +
        `horizon, the chart), its repeat, and the previous way of drawing (new charts, @napi-rs/canvas's PNG encoder) before ` +
        `or after them in alternate rounds. Each report was checked equal to the full scan's. Load average at the end: ` +
        `${os.loadavg()[0]?.toFixed(1) ?? '?'} on ${os.cpus().length} cores.`,
      '',
      '| answers | report + PNG, first drawing (median / p95) | of which report / PNG (medians) | its CPU time (median) | report + PNG drawn the previous way: time / CPU (medians) | repeat, nothing new (median / p95) | full-scan report before the rollups (median) | PNG bytes |',
      '|---|---|---|---|---|---|---|---|',
      ...users.map(
        (u, i) =>
          `| ${u.answers.toLocaleString('en')} | ${fmt(median(coldStats, i))} / ${fmt(coldStats[i]?.p95 ?? Number.NaN)} | ` +
          `${fmt(median(coldReportStats, i))} / ${fmt(median(coldPngStats, i))} | ${fmt(median(coldCpuStats, i))} | ` +
          `${fmt(median(previousStats, i))} / ${fmt(median(previousCpuStats, i))} | ` +
          `${fmt(median(warmStats, i))} / ${fmt(warmStats[i]?.p95 ?? Number.NaN)} | ${fmt(median(scanStats, i))} | ${(pngBytes[i] ?? 0).toLocaleString('en')} |`,
      ),
      '',
      `100k ÷ 1k: report + PNG ${coldRatio.toFixed(2)}× (CPU time ${(median(coldCpuStats, last) / median(coldCpuStats, 0)).toFixed(2)}×), cached repeat ${warmRatio.toFixed(2)}× (full scan ${(median(scanStats, last) / median(scanStats, 0)).toFixed(0)}×). ` +
        `First drawing against the previous way: ${users.map((u, i) => `${(median(coldStats, i) / median(previousStats, i)).toFixed(2)}×`).join(' / ')}.`,
      `Target: 100k-answer report + PNG ≤ 1.2 × the 1k user's, both under 100 ms — ${coldMet ? 'met' : 'NOT met'}; ` +
        `cached repeat ≤ 5 ms — ${warmMet ? 'met' : 'NOT met'}.`,
    ].join('\n');
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
