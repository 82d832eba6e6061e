// ANSWER_QUEUE=pg-boss's cost at the two hand-offs (docs/SCALING.md): storing an answer alone vs with its pg-boss job
// in the same transaction (interleaved, one of each per round), and a worker's commit of the evaluation (with its
// pg_notify) → the bot's LISTEN connection hearing it. On a fresh database of the Postgres at TEST_DATABASE_URL
// (default: the local test server), dropped after.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createRepositories } from '../src/db/index.js';
import { openPostgres } from '../src/db/postgres/openPostgres.js';
import { AnswerResultListener } from '../src/queue/AnswerResultListener.js';
import { PgBossQueue } from '../src/queue/PgBossQueue.js';
import { SessionEngine } from '../src/session/SessionEngine.js';
import type { AnswerId } from '../src/ids.js';
import { OneQuestion, answerTo } from '../test/helpers/oneQuestionRound.js';
import { cliSessionOptions } from '../test/helpers/sessionOptions.js';

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROUNDS = 40;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function p90(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.9)] ?? NaN;
}

export async function run(): Promise<string> {
  const name = `bench_handoff_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), { max: 4 });
  const queue = await PgBossQueue.start({ connectionString: url.toString(), policy: { retryLimit: 0, retryDelaySec: 1, expireInSec: 60 }, monitorIntervalSec: 60 });
  const listener = new AnswerResultListener(url.toString());
  try {
    const repos = createRepositories(database);
    const engine = new SessionEngine({ repos, questions: new OneQuestion(), fallbackQuestions: new OneQuestion() });
    const { session, host } = await engine.start(cliSessionOptions('ana', { role: 'backend', count: 1, mode: 'text' }));
    const asked = await engine.current(session.id);
    const row = () => answerTo(session, asked, host, { inputKind: 'text', transcript: 'I would add a cache in front of the database.', transcriber: 'typed', status: 'transcribed' });
    const alone: number[] = [];
    const withJob: number[] = [];
    const stored: AnswerId[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of round % 2 === 0 ? ['alone', 'job'] : ['job', 'alone']) {
        const t0 = performance.now();
        const answer =
          variant === 'alone'
            ? await repos.answers.createUnlessAnswered(row())
            : await repos.answerQueue.storeWithJob(row(), { owner: 'main' }, async (client, answerId) => {
                await queue.enqueueIn(client, { answerId });
              });
        (variant === 'alone' ? alone : withJob).push(performance.now() - t0);
        if (!answer) throw new Error('the answer was not stored');
        stored.push(answer.id);
        // Failed answers do not count for the question, so the next one can be stored (outside the timing).
        await repos.answers.update(answer.id, { status: 'failed', error: 'unknown' });
      }
    }

    await listener.start();
    const heardAll: number[] = [];
    const heardAfterCommit: number[] = [];
    for (const answerId of stored.slice(0, ROUNDS)) {
      await repos.answers.update(answerId, { status: 'transcribed', error: null });
      const heard = new Promise<number>((resolve) => {
        const onDone = (id: AnswerId) => {
          if (id !== answerId) return;
          listener.off('done', onDone);
          resolve(performance.now());
        };
        listener.on('done', onDone);
      });
      const t0 = performance.now();
      // What a worker commits at the end of an answer: the evaluation, status scored, pg_notify — one transaction.
      await repos.answers.saveEvaluation({
        answerId,
        score: 6,
        relevance: 6,
        depth: 6,
        structure: 6,
        clarity: 6,
        feedback: 'ok',
        idealAnswer: 'ok',
        keywordsCovered: [],
        keywordsMissed: [],
        evaluator: 'rubric',
        model: null,
      });
      const committed = performance.now();
      const at = await heard;
      heardAll.push(at - t0);
      heardAfterCommit.push(Math.max(0, at - committed));
    }

    return [
      '## Answer hand-off (ANSWER_QUEUE=pg-boss)',
      '',
      `Storing a text answer on Postgres alone vs with its pg-boss job in the same transaction (${ROUNDS} of each, interleaved), and a worker's`,
      'final commit (evaluation + status + `pg_notify`) until the bot\'s LISTEN connection hears it.',
      '',
      '| measure | median | p90 |',
      '|---|---|---|',
      `| store the answer alone (one transaction) | ${median(alone).toFixed(1)} ms | ${p90(alone).toFixed(1)} ms |`,
      `| store the answer + feedback owed + its job (one transaction, \`send(…, { db })\`) | ${median(withJob).toFixed(1)} ms | ${p90(withJob).toFixed(1)} ms |`,
      `| worker's commit starts → bot notified | ${median(heardAll).toFixed(1)} ms | ${p90(heardAll).toFixed(1)} ms |`,
      `| worker's commit returns → bot notified | ${median(heardAfterCommit).toFixed(1)} ms | ${p90(heardAfterCommit).toFixed(1)} ms |`,
    ].join('\n');
  } finally {
    await listener.stop();
    await queue.stop(0);
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
