// storage: PostgreSQL only — the pg-boss hand-off (one transaction with the job, LISTEN/NOTIFY), which needs Postgres.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config/index.js';
import { encodeWav, detectSpeech } from '../../src/pipeline/audio/index.js';
import { AnswerResultListener } from '../../src/queue/AnswerResultListener.js';
import { inProcessAnswerQueue } from '../../src/queue/openAnswerQueue.js';
import { PgBossQueue } from '../../src/queue/PgBossQueue.js';
import { AnswerProcessor } from '../../src/session/AnswerProcessor.js';
import { openServices, type Services } from '../../src/services.js';
import { FakeOpenAI, errorReply } from '../fakes/openai/FakeOpenAI.js';
import { synthesizeAnswer } from '../helpers/audioFixtures.js';
import { answerTo, startOneQuestionRound } from '../helpers/oneQuestionRound.js';
import { createTempPgDatabase, type TempPgDatabase } from '../helpers/tempPgDatabase.js';
import type { AnswerId, SessionId } from '../../src/ids.js';
import { questionId } from '../helpers/ids.js';
import type { AnswerResult } from '../../src/session/answerTypes.js';
import type { AnswerResults } from '../../src/session/answerHandOff.js';
import { waitFor } from './pgScratch.js';

/*
 * The bot's side of ANSWER_QUEUE=pg-boss on the real Postgres, in this process: the answer and its job in one
 * transaction, the transcription allowance counted once however many runs finish an answer, the wait for a result
 * that survives a lost LISTEN connection.
 */
let server: TempPgDatabase;
let dir: string;
let openai: FakeOpenAI;
let config: Config;
/** The bot's services (hand-off on, gateway only) and a worker's (in process), on one database. */
let bot: Services;
let worker: Services;
let queue: PgBossQueue;

beforeAll(async () => {
  server = await createTempPgDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-handoff-unit-'));
  openai = await FakeOpenAI.start();
  config = parseConfig({
    DATABASE_URL: server.url,
    DATABASE_PATH: path.join(dir, 'coach.db'),
    LOG_LEVEL: 'silent',
    ANSWER_QUEUE: 'pg-boss',
    BOT_QUEUE_CONCURRENCY: '0',
    EVALUATOR_PROVIDER: 'rubric',
    WHISPER_BASE_URL: openai.url,
    WHISPER_API_KEY: 'k',
    TRANSCRIBE_CHUNK_SECONDS: '0',
    PROVIDER_MAX_RETRIES: '0',
    SHUTDOWN_GRACE_SECONDS: '1',
    LIMIT_TRANSCRIPTION_SECONDS_PER_USER_PER_DAY: '3600',
  });
  bot = await openServices(config);
  worker = await openServices({ ...config, ANSWER_QUEUE: 'in-process' });
  queue = await PgBossQueue.start({ connectionString: server.url, policy: { retryLimit: 0, retryDelaySec: 1, expireInSec: 60 } });
});
afterAll(async () => {
  await queue?.stop(0);
  await bot?.close();
  await worker?.close();
  await openai?.close();
  await server?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const jobsFor = async (answerId: number) =>
  (await server.query<{ state: string }>("SELECT state::text AS state FROM pgboss.job WHERE name = 'answer-work' AND singleton_key = $1", [String(answerId)])).map((r) => r.state);

/** Waits until the session's answer is stored with its feedback owed (a submit's first step): its id. */
async function storedAnswer(sessionId: SessionId): Promise<AnswerId> {
  const [owed] = await waitFor('the answer stored', async () => {
    const rows = await server.query<{ answer_id: AnswerId }>('SELECT f.answer_id FROM feedback_owed f JOIN answers a ON a.id = f.answer_id WHERE a.session_id = $1', [sessionId]);
    return rows.length > 0 ? rows : undefined;
  });
  if (!owed) throw new Error('no answer stored');
  return owed.answer_id;
}

async function round() {
  const { engine, session, host } = await startOneQuestionRound(bot.repos);
  const asked = await engine.current(session.id);
  return { session, host, asked };
}

describe('an answer and its job are stored together (one transaction)', { timeout: 60_000 }, () => {
  it('stored: the answer, its feedback owed and exactly one job, keyed by the answer id', async () => {
    const { session, host, asked } = await round();
    const row = answerTo(session, asked, host, { inputKind: 'text', transcript: 'A cache in front of the database.', transcriber: 'typed', status: 'transcribed' });
    const stored = await bot.repos.answerQueue.storeWithJob(row, { owner: 'main' }, async (client, answerId) => {
      expect(await queue.enqueueIn(client, { answerId })).toBe('queued');
    });
    expect(stored).toBeDefined();
    expect(await jobsFor(stored?.id ?? 0)).toEqual(['created']);
    expect(await server.query('SELECT owner FROM feedback_owed WHERE answer_id = $1', [stored?.id])).toEqual([{ owner: 'main' }]);
  });

  it('a failure after the job was sent rolls both back: no answer, no job, nothing owed', async () => {
    const { session, host, asked } = await round();
    const row = answerTo(session, asked, host, { inputKind: 'text', transcript: 'Shard by tenant.', transcriber: 'typed', status: 'transcribed' });
    let sentFor: AnswerId | undefined;
    await expect(
      bot.repos.answerQueue.storeWithJob(row, { owner: 'main' }, async (client, answerId) => {
        await queue.enqueueIn(client, { answerId });
        sentFor = answerId;
        throw new Error('the process died before commit');
      }),
    ).rejects.toThrow('the process died before commit');
    expect(sentFor).toBeDefined();
    expect(await jobsFor(sentFor ?? 0)).toEqual([]);
    expect(await bot.repos.answers.get(sentFor ?? (0 as AnswerId))).toBeUndefined();
    expect(await server.query('SELECT * FROM feedback_owed WHERE answer_id = $1', [sentFor])).toEqual([]);
  });

  it('submissions racing for one question store one answer and one job (truly in parallel on Postgres)', async () => {
    const { session, host, asked } = await round();
    const row = answerTo(session, asked, host, { inputKind: 'text', transcript: 'Sent twice at once.', transcriber: 'typed', status: 'transcribed' });
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        bot.repos.answerQueue.storeWithJob(row, { owner: 'main' }, async (client, answerId) => {
          await queue.enqueueIn(client, { answerId });
        }),
      ),
    );
    const stored = results.filter((r) => r !== undefined);
    expect(stored).toHaveLength(1);
    expect(await server.query('SELECT count(*)::int AS n FROM answers WHERE question_id = $1 AND user_id = $2', [asked.question.id, host.id])).toEqual([{ n: 1 }]);
    expect(await jobsFor(stored[0]?.id ?? 0)).toEqual(['created']);
  });

  it('an answer insert that fails leaves no job', async () => {
    const { session, host, asked } = await round();
    const before = await server.query<{ n: number }>("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'answer-work'");
    // A question that does not exist: the insert is refused by its foreign key.
    const row = { ...answerTo(session, asked, host, { inputKind: 'text', transcript: 'x', transcriber: 'typed', status: 'transcribed' }), questionId: questionId(asked.question.id + 10_000) };
    let enqueued = false;
    await expect(
      bot.repos.answerQueue.storeWithJob(row, { owner: 'main' }, async (client, answerId) => {
        enqueued = true;
        await queue.enqueueIn(client, { answerId });
      }),
    ).rejects.toThrow();
    expect(enqueued).toBe(false);
    expect(await server.query<{ n: number }>("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'answer-work'")).toEqual(before);
  });
});

describe('the transcription allowance is counted once per answer', { timeout: 60_000 }, () => {
  it('a failed run gives the seconds back; two runs that then finish (one presumed dead) count them once', async () => {
    const { session, host, asked } = await round();
    const { pcm } = await synthesizeAnswer();
    const audio = { pcm, sampleRate: 16000 as const, durationSec: pcm.length / 16000, speech: detectSpeech(pcm) };
    // As the bot does: the seconds reserved, then the answer, its audio and its charge stored together.
    await bot.limits.reserveTranscription(host.id, session.workspaceId, audio.durationSec);
    const stored = await bot.repos.answerQueue.storeWithJob(
      answerTo(session, asked, host, { inputKind: 'voice_message', durationSec: Math.round(audio.durationSec * 10) / 10, status: 'received' }),
      { owner: 'main', wav: encodeWav(audio), chargedSec: { seconds: audio.durationSec, day: new Date().toISOString().slice(0, 10) } },
      async () => undefined,
    );
    const answerId = stored?.id as AnswerId;
    const used = async () => (await worker.repos.usage.get('user', host.id)).transcriptionSec;
    expect(await used()).toBeCloseTo(audio.durationSec, 6);

    openai.script('transcriptions', errorReply(500));
    await expect(worker.answers.workOn(answerId)).rejects.toThrow();
    expect(await used()).toBe(0);

    // Two runs at once: the first is "presumed dead" (its transcription held), the second finishes; then the first does.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    openai.script('transcriptions', { hold: held, json: { text: 'Um, I would add a cache.', duration: audio.durationSec, words: [], segments: [] } });
    const late = worker.answers.workOn(answerId);
    await openai.server.nextRequest('transcriptions');
    const other = await openServices({ ...config, ANSWER_QUEUE: 'in-process' });
    try {
      await expect(other.answers.workOn(answerId)).resolves.toBe('scored');
      release();
      // The late run finds the answer transcribed by the other: it applies nothing and calls no evaluator again.
      await expect(late).resolves.toBe('scored');
    } finally {
      await other.close();
    }
    expect(await used()).toBeCloseTo(audio.durationSec, 6);
    expect(await server.query('SELECT count(*)::int AS n FROM evaluations WHERE answer_id = $1', [answerId])).toEqual([{ n: 1 }]);
    // Transcribed: the audio is gone from the database.
    expect(await worker.repos.answerQueue.audio(answerId)).toBeUndefined();
  });
});

describe('the bot waits for a worker’s result', { timeout: 60_000 }, () => {
  function waitingProcessor(results: AnswerResults, audioMaxBytes = config.QUEUE_AUDIO_MAX_BYTES) {
    return new AnswerProcessor({
      repos: bot.repos,
      limits: bot.limits,
      evaluator: bot.evaluator,
      transcriber: bot.transcriber,
      maxAnswerChars: 4000,
      queue: inProcessAnswerQueue(),
      worksQueue: false,
      handOff: { owner: 'main', audioMaxBytes, enqueueIn: (client, job) => queue.enqueueIn(client, job), results },
    });
  }

  it('a result that landed while the listener was disconnected is caught up on when it connects again', async () => {
    const results = new EventEmitter();
    const answers = waitingProcessor(results);
    const { session, host, asked } = await round();
    let settled: AnswerResult | undefined;
    const submitted = answers.submit({ sessionId: session.id, questionId: asked.question.id, userId: host.id, input: { kind: 'text', text: 'Um, I would put a queue between them.' } });
    void submitted.then((r) => (settled = r));
    const answerId = await storedAnswer(session.id);
    // A worker scores it; its notification is never heard (the emitter stands for a listener that was disconnected).
    await expect(worker.answers.workOn(answerId)).resolves.toBe('scored');
    expect(settled).toBeUndefined();
    results.emit('connected');
    const result = await submitted;
    expect(result.answer.id).toBe(answerId);
    expect(result.evaluation.evaluator).toBe('rubric');
    expect(result.analysis.fillers.total).toBe(1);
    expect(await server.query('SELECT * FROM feedback_owed WHERE answer_id = $1', [answerId])).toEqual([]);
  });

  it('a failed answer reaches the waiting person as a clear message', async () => {
    const results = new EventEmitter();
    const answers = waitingProcessor(results);
    const { session, host, asked } = await round();
    const submitted = answers.submit({ sessionId: session.id, questionId: asked.question.id, userId: host.id, input: { kind: 'text', text: 'An answer whose work fails for good.' } });
    const failure = submitted.catch((error: unknown) => error);
    const answerId = await storedAnswer(session.id);
    // What the dead-letter queue's handler does once the job's retries are used up.
    await worker.answers.deadLettered(answerId);
    results.emit('done', answerId);
    expect(await failure).toMatchObject({ code: 'work_failed', message: expect.stringContaining('Please send it again') as unknown });
  });

  it('a job that fails on every try goes to the dead-letter queue, and the waiting person is told (real pg-boss, real LISTEN)', async () => {
    const listener = new AnswerResultListener(server.url);
    await listener.start();
    try {
      const answers = waitingProcessor(listener);
      const tried: number[] = [];
      // retryLimit 0 (this queue's policy): the first failure is final.
      await queue.work(async ({ answerId }) => {
        tried.push(answerId);
        throw new Error('the evaluator is down');
      });
      await queue.workDeadLetters(({ answerId }) => worker.answers.deadLettered(answerId));
      const { session, host, asked } = await round();
      const failure = await answers
        .submit({ sessionId: session.id, questionId: asked.question.id, userId: host.id, input: { kind: 'text', text: 'A cache with a short expiry.' } })
        .then(() => undefined, (error: unknown) => error);
      expect(failure).toMatchObject({ code: 'work_failed' });
      const [answer] = await bot.repos.answers.forSession(session.id);
      // (Earlier tests' jobs, left unworked, are taken by this handler too.)
      expect(tried.filter((id) => id === answer?.answer.id)).toHaveLength(1);
      expect(answer?.answer).toMatchObject({ status: 'failed', error: 'work_failed' });
      expect(await jobsFor(answer?.answer.id ?? 0)).toEqual(['failed']);
      // The person can answer again: a failed answer does not count for the question.
      expect(await bot.repos.answers.findForQuestion(asked.question.id, host.id)).toBeUndefined();
    } finally {
      await listener.stop();
    }
  });

  it('a voice answer larger than QUEUE_AUDIO_MAX_BYTES is refused with a clear message; nothing is stored or counted', async () => {
    const answers = waitingProcessor(new EventEmitter(), 65_536);
    const { session, host, asked } = await round();
    const { pcm } = await synthesizeAnswer();
    const audio = { pcm, sampleRate: 16000 as const, durationSec: pcm.length / 16000, speech: detectSpeech(pcm) };
    const before = (await bot.repos.usage.get('user', host.id)).transcriptionSec;
    const refused = await answers
      .submit({ sessionId: session.id, questionId: asked.question.id, userId: host.id, input: { kind: 'audio', inputKind: 'voice_message', audio } })
      .then(() => undefined, (error: unknown) => error);
    expect(refused).toMatchObject({ code: 'audio_too_large', message: expect.stringContaining('Send a shorter one, or reply with text') as unknown });
    expect(await bot.repos.answers.forSession(session.id)).toEqual([]);
    expect((await bot.repos.usage.get('user', host.id)).transcriptionSec).toBe(before);
  });

  it('a live voice answer: the bot stores the transcript and measures it already has, the worker only scores', async () => {
    const results = new EventEmitter();
    const answers = waitingProcessor(results);
    const { session, host, asked } = await round();
    const { pcm } = await synthesizeAnswer();
    const audio = { pcm, sampleRate: 16000 as const, durationSec: pcm.length / 16000, speech: detectSpeech(pcm) };
    const live = answers.startLiveTranscription();
    expect(live).not.toBeNull();
    const uploads = () => openai.callsTo('transcriptions').length;
    const before = uploads();
    const submitted = answers.submit({
      sessionId: session.id,
      questionId: asked.question.id,
      userId: host.id,
      input: { kind: 'audio', inputKind: 'voice', audio, ...(live ? { transcription: live } : {}), sinceQuestionEndSec: 0.4 },
    });
    const answerId = await storedAnswer(session.id);
    const stored = await bot.repos.answers.record(answerId);
    expect(stored?.answer).toMatchObject({ status: 'transcribed', transcript: 'Um, I would add a cache.', transcriber: 'openai', transcriberModel: 'whisper-1' });
    expect(stored?.metrics?.speechSec).toBeGreaterThan(1);
    // No audio for a worker to fetch: it was transcribed once, by the bot.
    expect(await bot.repos.answerQueue.audio(answerId)).toBeUndefined();
    const afterBot = uploads();
    expect(afterBot - before).toBeGreaterThanOrEqual(1);
    await expect(worker.answers.workOn(answerId)).resolves.toBe('scored');
    expect(uploads()).toBe(afterBot);
    results.emit('done', answerId);
    const result = await submitted;
    expect(result.answer.status).toBe('scored');
    expect(result.audio?.speechSec).toBe(stored?.metrics?.speechSec);
  });

  it('the LISTEN connection: notifications on commit, and a lost connection reconnects and says so', async () => {
    const listener = new AnswerResultListener(server.url);
    const connected: number[] = [];
    const done: number[] = [];
    listener.on('connected', () => connected.push(Date.now()));
    listener.on('done', (id) => done.push(id));
    await listener.start();
    try {
      expect(connected).toHaveLength(1);
      await server.query("SELECT pg_notify('answer_done', '41')");
      await waitFor('the notification', async () => (done.includes(41) ? true : undefined));
      // The server ends the connection (a restart, a network cut): the listener comes back and announces it.
      await server.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'interview-coach listener' AND datname = current_database()");
      await waitFor('the reconnect', async () => (connected.length === 2 && listener.listening ? true : undefined));
      await server.query("SELECT pg_notify('answer_done', '42')");
      await waitFor('a notification after the reconnect', async () => (done.includes(42) ? true : undefined));
    } finally {
      await listener.stop();
    }
  });
});
