// EXPLAIN for every query /progress runs on Postgres: one user with many answers among other users' answers, in a
// fresh database on the test server (TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test), dropped after.
// Usage: npx tsx bench/progressExplainPg.ts [answers=20000]. Prints markdown for docs/BENCHMARKS.md.
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { postgresDialect } from '../src/db/dialect.js';
import { createRepositories } from '../src/db/index.js';
import { openPostgres } from '../src/db/postgres/openPostgres.js';
import { rollupBackfill } from '../src/db/repositories/progressRollups.js';
import { createTempPgDatabase } from '../test/helpers/tempPgDatabase.js';
import { userId } from '../src/ids.js';

const ANSWERS = Number(process.argv[2] ?? 20_000);
const OTHER_USERS = 200;
const OTHER_ANSWERS_EACH = 500;
const PER_SESSION = 5;

const server = await createTempPgDatabase();
const captured: { text: string; params: unknown[] }[] = [];
const database = await openPostgres(server.url, { onQuery: (text, params) => captured.push({ text, params }) });
try {
  const started = Date.now();
  // The user (id 1) and OTHER_USERS others; answers a few minutes apart over a year, every 5 a session.
  await database.run(sql`INSERT INTO users (platform, platform_user_id) SELECT 'discord', 'u' || g FROM generate_series(1, ${OTHER_USERS + 1}) g`);
  await database.run(sql`INSERT INTO workspaces (platform, platform_workspace_id) SELECT 'discord', 'w' || g FROM generate_series(1, 4) g`);
  const answersOf = (userSql: string, count: number, prefix: string) => sql`
    WITH n AS (SELECT g, ${sql.raw(userSql)} AS user_id FROM generate_series(0, ${count - 1}) g)
    SELECT n.user_id, '${sql.raw(prefix)}' || n.user_id || '-' || (n.g / ${PER_SESSION}) AS session_id, n.g FROM n`;
  const seed = async (userSql: string, count: number, prefix: string) => {
    const rows = sql`(${answersOf(userSql, count, prefix)}) s`;
    await database.run(sql`INSERT INTO sessions (id, kind, workspace_id, channel_id, role, difficulty, question_count, mode, status, created_at)
      SELECT DISTINCT ON (session_id) session_id, 'interview', 1 + user_id % 4, 'c', CASE WHEN user_id % 3 = 0 THEN 'backend' ELSE 'frontend' END, 'mid', ${PER_SESSION}, 'voice', 'ended', now()
      FROM ${rows} ORDER BY session_id`);
    await database.run(sql`INSERT INTO questions (session_id, position, question_key, role, category, difficulty, text, keywords, ideal_answer, origin)
      SELECT session_id, g % ${PER_SESSION}, 'q' || g, 'frontend', (ARRAY['React','CSS','Testing','Security','System design'])[1 + g % 5], 'mid', 'Q', '[]', 'ideal', 'bank' FROM ${rows}`);
    await database.run(sql`INSERT INTO answers (session_id, question_id, user_id, workspace_id, role, category, input_kind, status, transcript, created_at)
      SELECT q.session_id, q.id, s.user_id, 1 + s.user_id % 4, CASE WHEN s.g % 7 = 0 THEN 'backend' ELSE 'frontend' END, q.category,
             CASE WHEN s.g % 2 = 0 THEN 'voice' ELSE 'text' END, 'scored', 'answer',
             timestamptz '2026-01-01 00:00:00+00' + (s.g * (365.0 * 86400 / ${count})) * interval '1 second'
      FROM ${rows} JOIN questions q ON q.session_id = s.session_id AND q.position = s.g % ${PER_SESSION}`);
  };
  await seed('1', ANSWERS, 'me');
  await seed(`2 + g % ${OTHER_USERS}`, OTHER_USERS * OTHER_ANSWERS_EACH, 'o');
  await database.run(sql`INSERT INTO metrics (answer_id, word_count, fillers_total, fillers_per_minute, fillers_by_word, hedges_total, hedges_by_phrase, repetitions, wpm, pause_count, pause_longest_sec, pause_total_sec, delivery_score, first_word_sec)
    SELECT id, 40, 2, 3.5, '{"um": 1, "like": 1}', 0, '{}', 0, 140, 1, 1.5, 2, 6.5, CASE WHEN id % 2 = 0 THEN 1.2 END FROM answers`);
  await database.run(sql`INSERT INTO evaluations (answer_id, score, relevance, depth, structure, clarity, feedback, ideal_answer, keywords_covered, keywords_missed, evaluator)
    SELECT id, (id % 100) / 10.0, 5, 5, 5, 5, 'ok', 'ideal', '[]', '["caching","trade-offs"]', 'rubric' FROM answers`);
  for (const insert of rollupBackfill(postgresDialect)) await database.run(insert);
  await database.run(sql`ANALYZE`);
  const [{ total } = { total: 0 }] = await database.rows<{ total: number }>(sql`SELECT count(*) AS total FROM answers`);
  console.error(`seeded ${total} answers (${ANSWERS} for the user) in ${Date.now() - started} ms`);

  const progress = createRepositories(database).progress;
  const now = new Date('2026-12-31T12:00:00.000Z');
  const scope = { userId: userId(1) };
  const calls: [string, () => Promise<unknown>][] = [
    ['totals', () => progress.totals(scope)],
    ['trendSessions(12)', () => progress.trendSessions(scope, 12)],
    ['scoreWindow(7 days)', () => progress.scoreWindow(scope, now, 7)],
    ['categories', () => progress.categories(scope)],
    ['topFillers(3)', () => progress.topFillers(scope, 3)],
    ['practiceDays', () => progress.practiceDays(scope)],
    ['recentAverages(20)', () => progress.recentAverages(scope, 20)],
    ['recentMissedKeywords(20)', () => progress.recentMissedKeywords(scope, 20, 3)],
    ['firstWordWindow(10)', () => progress.firstWordWindow(scope, 10, 0)],
    ['categories, role backend, since 2026-06-15 12:00', () => progress.categories({ userId: userId(1), role: 'backend', since: new Date('2026-06-15T12:00:00Z') })],
  ];
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const pgVersion = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '?';
    console.log(`Postgres ${pgVersion}; ${total.toLocaleString('en')} answers, ${ANSWERS.toLocaleString('en')} of them the user's; \`EXPLAIN (COSTS OFF)\` after ANALYZE.\n`);
    for (const [name, call] of calls) {
      captured.length = 0;
      const t0 = performance.now();
      await call();
      const ms = performance.now() - t0;
      console.log(`#### ${name} — ${captured.length} ${captured.length === 1 ? 'query' : 'queries'}, ${ms.toFixed(1)} ms\n`);
      const seen = new Set<string>();
      for (const { text, params } of captured) {
        if (seen.has(text)) continue;
        seen.add(text);
        const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${text}`, params);
        console.log('```');
        console.log(text.replace(/\s+/g, ' ').trim());
        console.log('');
        console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
        console.log('```\n');
      }
    }
  } finally {
    await client.end();
  }
} finally {
  await database.close();
  await server.drop();
}
