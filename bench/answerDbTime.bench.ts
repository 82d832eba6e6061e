// Database time per answer: one voice answer's whole life in the app's own code (AnswerProcessor.submit: the row
// created, the transcription allowance reserved, the transcript stored, metrics, evaluation, the /progress rollups
// rebuilt, the record read back) on SQLite and on Postgres, interleaved. Statements are counted through the
// database's onQuery hook; time is the wall time spent inside repository calls (every query the app runs goes
// through one, see createRepositories), so it includes drizzle and the driver, not only the server.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../src/config/index.js';
import { openDatabase, type Database } from '../src/db/index.js';
import { openPostgres } from '../src/db/postgres/openPostgres.js';
import type { OpenDatabase } from '../src/db/openDatabaseFromConfig.js';
import { detectSpeech } from '../src/pipeline/audio/index.js';
import type { AnswerAudio } from '../src/pipeline/audio/types.js';
import { createServices, type Services } from '../src/services.js';
import { FakeOpenAI } from '../test/fakes/openai/FakeOpenAI.js';
import { synthesizeAnswer } from '../test/helpers/audioFixtures.js';
import { cliSessionOptions } from '../test/helpers/sessionOptions.js';
import { createTempPgDatabase } from '../test/helpers/tempPgDatabase.js';
import { percentile } from './voiceBotStack.js';

/** Answers measured per database (after WARMUP unmeasured ones), alternating SQLite and Postgres. */
const ANSWERS = Number(process.env.ANSWER_DB_ANSWERS ?? 60);
const WARMUP = 4;
/** Answers are spread over this many people, so each person-day's rollups cover several answers, as in use. */
const PEOPLE = 6;

/** What the database did for one answer. */
interface Tally {
  statements: number;
  reads: number;
  writes: number;
  transactions: number;
  dbMs: number;
  wallMs: number;
}

const CONTROL = /^\s*(begin|commit|rollback|savepoint|release)\b/i;

/**
 * The database with every repository call timed (the union of the intervals when at least one runs) and its
 * transactions counted; statements come in through `count`, fed by the onQuery hook.
 */
class Meter {
  private active = 0;
  private since = 0;
  private busyMs = 0;
  private statements = { reads: 0, writes: 0 };
  private transactions = 0;

  count(text: string): void {
    if (CONTROL.test(text)) return;
    if (/^\s*(select|with)\b/i.test(text) && !/\b(insert|update|delete)\b/i.test(text)) this.statements.reads++;
    else this.statements.writes++;
  }

  wrap<D extends Database>(database: D): D {
    const exclusive = database.exclusive.bind(database);
    const transaction = database.transaction.bind(database);
    const timed: Pick<Database, 'exclusive' | 'transaction'> = {
      exclusive: async (fn) => {
        if (this.active++ === 0) this.since = performance.now();
        try {
          return await exclusive(fn);
        } finally {
          if (--this.active === 0) this.busyMs += performance.now() - this.since;
        }
      },
      transaction: (fn) => {
        this.transactions++;
        return transaction(fn);
      },
    };
    return { ...database, ...timed };
  }

  reset(): void {
    this.busyMs = 0;
    this.statements = { reads: 0, writes: 0 };
    this.transactions = 0;
  }

  take(wallMs: number): Tally {
    const { reads, writes } = this.statements;
    return { statements: reads + writes, reads, writes, transactions: this.transactions, dbMs: this.busyMs, wallMs };
  }
}

interface Stack {
  name: 'SQLite' | 'Postgres';
  meter: Meter;
  services: Services;
  close(): Promise<void>;
}

function config(dir: string, openaiUrl: string) {
  return parseConfig({
    DATABASE_PATH: path.join(dir, 'coach.db'),
    QUESTION_PROVIDER: 'bank',
    EVALUATOR_PROVIDER: 'rubric',
    TRANSCRIBER_PROVIDER: 'openai',
    WHISPER_BASE_URL: openaiUrl,
    WHISPER_API_KEY: 'k',
    LOG_LEVEL: 'silent',
  });
}

async function sqliteStack(dir: string, openaiUrl: string): Promise<Stack> {
  const meter = new Meter();
  const database = meter.wrap(openDatabase(path.join(dir, 'coach.db'), { onQuery: (text) => meter.count(text) }));
  const services = createServices(config(dir, openaiUrl), { database });
  return { name: 'SQLite', meter, services, close: () => services.close() };
}

async function postgresStack(dir: string, openaiUrl: string): Promise<Stack> {
  const temp = await createTempPgDatabase();
  const meter = new Meter();
  const database: OpenDatabase = meter.wrap(await openPostgres(temp.url, { onQuery: (text) => meter.count(text) }));
  const services = createServices(config(dir, openaiUrl), { database });
  return {
    name: 'Postgres',
    meter,
    services,
    close: async () => {
      await services.close();
      await temp.drop();
    },
  };
}

/** One voice answer from start to feedback; the round it answers is set up before the meter starts. */
async function oneAnswer(stack: Stack, audio: AnswerAudio, person: number): Promise<Tally> {
  const { engine, answers } = stack.services;
  const { session, host } = await engine.start(cliSessionOptions(`person${person}`, { role: 'backend', count: 1, mode: 'voice' }));
  const asked = await engine.current(session.id);
  if (!asked) throw new Error('no question asked');
  stack.meter.reset();
  const started = performance.now();
  const result = await answers.submit({ sessionId: session.id, questionId: asked.question.id, userId: host.id, input: { kind: 'audio', inputKind: 'voice', audio } });
  const tally = stack.meter.take(performance.now() - started);
  if (result.answer.status !== 'scored') throw new Error(`answer ended ${result.answer.status}`);
  // The round is closed outside the measured window (it is the round's cost, not the answer's).
  await engine.end(session.id).catch(() => undefined);
  return tally;
}

const f = (n: number, digits = 1): string => n.toFixed(digits);

export async function run(): Promise<string> {
  const loadBefore = os.loadavg()[0] ?? NaN;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-answer-db-'));
  const openai = await FakeOpenAI.start();
  const { pcm } = await synthesizeAnswer();
  const audio: AnswerAudio = { pcm, sampleRate: 16_000, durationSec: pcm.length / 16_000, speech: detectSpeech(pcm) };
  const stacks = [await sqliteStack(path.join(dir, 'sqlite'), openai.url), await postgresStack(path.join(dir, 'pg'), openai.url)];
  const tallies = new Map<string, Tally[]>(stacks.map((s) => [s.name, []]));
  try {
    for (let i = 0; i < WARMUP + ANSWERS; i++) {
      // ABBA: whichever runs first alternates, so a burst of load from a neighbour hits both alike.
      for (const stack of i % 2 === 0 ? stacks : [...stacks].reverse()) {
        const tally = await oneAnswer(stack, audio, i % PEOPLE);
        if (i >= WARMUP) tallies.get(stack.name)?.push(tally);
      }
    }
  } finally {
    for (const stack of stacks) await stack.close().catch(() => undefined);
    await openai.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = os.loadavg()[0] ?? NaN;
  const rows = stacks.map(({ name }) => {
    const t = tallies.get(name) ?? [];
    const pick = (k: keyof Tally) => t.map((x) => x[k]);
    const p = (k: keyof Tally, q: number) => percentile(pick(k), q);
    process.stderr.write(`answerDbTime ${name}: ${JSON.stringify(t.slice(0, 3))}\n`);
    return `| ${name} | ${p('statements', 50)} (${p('reads', 50)} reads, ${p('writes', 50)} writes) | ${p('transactions', 50)} | **${f(p('dbMs', 50))} ms** | ${f(p('dbMs', 95))} ms | ${f(p('wallMs', 50))} ms | ${f(p('dbMs', 50) / p('wallMs', 50) * 100, 0)} % |`;
  });
  return [
    '## Database time per answer (SQLite vs Postgres)',
    '',
    `One voice answer's whole life through \`AnswerProcessor.submit\` (as the bot runs it in process): the answer row,`,
    'the transcription allowance, the transcript, metrics, the evaluation with `status = scored`, the /progress rollups',
    'rebuilt for the person-day and the session, the record read back for the feedback card. Transcription is the local',
    'OpenAI fake over loopback (its time is not database time), evaluation the offline rubric. Statements are what',
    'drizzle sends (the `onQuery` hook of `openDatabase` / `openPostgres`; BEGIN/COMMIT/SAVEPOINT not counted);',
    'transactions are `Database.transaction` calls; database time is the wall time inside repository calls (drizzle,',
    'driver, and for Postgres the loopback round trips). SQLite: a WAL file on local disk, `synchronous = NORMAL`.',
    `Postgres 15 on 127.0.0.1. ${ANSWERS} answers each after ${WARMUP} warm-up answers, SQLite and Postgres alternating, spread over ${PEOPLE} people`,
    `(one one-question round per answer). 1-minute load average ${f(loadBefore)} before, ${f(loadAfter)} after, on ${os.cpus().length} cores.`,
    '',
    '| database | statements per answer (median) | transactions | database time, median | p95 | whole answer, median | database share |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
