// storage: SQLite and PostgreSQL
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detectSpeech } from '../../src/pipeline/audio/index.js';
import type { AnswerAudio } from '../../src/pipeline/audio/types.js';
import { RubricEvaluator } from '../../src/pipeline/evaluate/rubricEvaluator.js';
import type { Evaluation, EvaluationInput, Evaluator } from '../../src/pipeline/evaluate/types.js';
import { DEFAULT_CHUNKING } from '../../src/pipeline/transcribe/chunked/planChunks.js';
import { OpenAITranscriber } from '../../src/pipeline/transcribe/openaiTranscriber.js';
import { AnswerProcessor } from '../../src/session/AnswerProcessor.js';
import { InProcessQueue } from '../../src/queue/InProcessQueue.js';
import type { AnswerJob, EnqueueOutcome } from '../../src/queue/JobQueue.js';
import { errorReply, FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { synthesizeAnswer } from '../helpers/audioFixtures.js';
import { answerTo, startOneQuestionRound } from '../helpers/oneQuestionRound.js';
import { sql } from '../../src/db/drizzle.js';
import { countRows } from '../helpers/inspectDatabase.js';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { fastRetry } from '../providers/providerTestKit.js';
import { answerId as toAnswerId, type AnswerId } from '../helpers/ids.js';

/** The real rubric scorer, counting how often it is asked. */
class CountingEvaluator implements Evaluator {
  readonly name = 'rubric';
  calls = 0;
  private readonly rubric = new RubricEvaluator();
  evaluate(input: EvaluationInput): Promise<Evaluation> {
    this.calls++;
    return this.rubric.evaluate(input);
  }
}

let openai: FakeOpenAI;
let audioDir: string;
let db: TempDatabase;
let evaluator: CountingEvaluator;
let processor: AnswerProcessor;

beforeAll(async () => {
  openai = await FakeOpenAI.start();
});
afterAll(() => openai.close());
beforeEach(async () => {
  db = await createTempDatabase();
  audioDir = await mkdtemp(path.join(os.tmpdir(), 'ic-answer-work-'));
  evaluator = new CountingEvaluator();
  processor = new AnswerProcessor({
    repos: db.repos,
    evaluator,
    transcriber: new OpenAITranscriber({ apiKey: 'k', baseUrl: openai.url, model: 'whisper-1', retry: fastRetry({ maxRetries: 0 }) }),
    maxAnswerChars: 4000,
    audioDir,
    chunking: { ...DEFAULT_CHUNKING, chunkSpeechSec: 0 },
  });
});
afterEach(async () => {
  await db.cleanup();
  await rm(audioDir, { recursive: true, force: true });
});

async function rowCounts(answerId: number): Promise<{ metrics: number; evaluations: number }> {
  const count = (table: string) => countRows(db.database, table, sql`answer_id = ${answerId}`);
  return { metrics: await count('metrics'), evaluations: await count('evaluations') };
}

/** A voice message submitted while the transcriber answers 500 `failures` times: its row is kept; its id. */
async function voiceAnswerKeptThroughFailures(failures: number): Promise<AnswerId> {
  const { pcm } = await synthesizeAnswer();
  const audio: AnswerAudio = { pcm, sampleRate: 16000, durationSec: pcm.length / 16000, speech: detectSpeech(pcm) };
  const { engine, session, host } = await startOneQuestionRound(db.repos);
  openai.script('transcriptions', ...Array.from({ length: failures }, () => errorReply(500)));
  await expect(
    processor.submit({ sessionId: session.id, questionId: (await engine.current(session.id)).question.id, userId: host.id, input: { kind: 'audio', inputKind: 'voice_message', audio } }),
  ).rejects.toMatchObject({ code: 'transcriber_failed' });
  const [kept] = await db.repos.answers.forSession(session.id);
  if (!kept) throw new Error('the answer was not kept');
  return kept.answer.id;
}

/** A typed answer stored as the bot stores it before scoring ('transcribed'), as if the process died right then. */
async function storedTextAnswer(): Promise<AnswerId> {
  const { engine, session, host } = await startOneQuestionRound(db.repos);
  const asked = await engine.current(session.id);
  const row = await db.repos.answers.create(answerTo(session, asked, host, {
    inputKind: 'text',
    transcript: 'I would measure first, then add a cache and an index for the slow query.',
    transcriber: 'typed',
    status: 'transcribed',
  }));
  return row.id;
}

describe('AnswerProcessor.workOn: the queue handler, idempotent by answer id', () => {
  it('scores a stored answer once; a second run of the finished job changes nothing', async () => {
    const id = await storedTextAnswer();
    await expect(processor.workOn(id)).resolves.toBe('scored');
    const first = await db.repos.answers.record(id);
    expect(first?.answer.status).toBe('scored');
    expect(await rowCounts(id)).toEqual({ metrics: 1, evaluations: 1 });

    await expect(processor.workOn(id)).resolves.toBe('already_done');
    expect(evaluator.calls).toBe(1);
    expect(await rowCounts(id)).toEqual({ metrics: 1, evaluations: 1 });
    expect((await db.repos.answers.record(id))?.evaluation).toEqual(first?.evaluation);
  });

  it('a half-done answer (metrics written, then the worker died) resumes without a second row', async () => {
    const id = await storedTextAnswer();
    await db.repos.answers.saveMetrics({ answerId: id, wordCount: 1, fillersTotal: 0, fillersPerMinute: null, fillersByWord: {}, hedgesTotal: 0, hedgesByPhrase: {}, repetitions: 0, wpm: null, pauseCount: 0, pauseLongestSec: 0, pauseTotalSec: 0 });
    await expect(processor.workOn(id)).resolves.toBe('scored');
    expect(await rowCounts(id)).toEqual({ metrics: 1, evaluations: 1 });
    // The metrics are the ones of this run: written over, not added.
    expect((await db.repos.answers.record(id))?.metrics?.wordCount).toBeGreaterThan(1);
  });

  it('a voice answer kept while the transcriber was down is transcribed from its stored audio, then scored', async () => {
    const id = await voiceAnswerKeptThroughFailures(1);
    expect((await db.repos.answers.get(id))?.status).toBe('received');

    await expect(processor.workOn(id)).resolves.toBe('scored');
    expect((await db.repos.answers.get(id))?.status).toBe('scored');
    expect(await rowCounts(id)).toEqual({ metrics: 1, evaluations: 1 });
    await expect(processor.workOn(id)).resolves.toBe('already_done');
    expect(evaluator.calls).toBe(1);
  });

  it('a failure the queue should retry is thrown, and the answer stays where it was', async () => {
    const id = await voiceAnswerKeptThroughFailures(2);
    await expect(processor.workOn(id)).rejects.toMatchObject({ code: 'transcriber_failed' });
    expect((await db.repos.answers.get(id))?.status).toBe('received');
    expect((await rowCounts(id)).evaluations).toBe(0);
  });

  it('a voice answer whose audio is gone is marked failed; an answer deleted meanwhile is gone', async () => {
    const { engine, session, host } = await startOneQuestionRound(db.repos);
    const asked = await engine.current(session.id);
    const row = await db.repos.answers.create(answerTo(session, asked, host, {
      inputKind: 'voice',
      durationSec: 3,
      status: 'received',
    }));
    await expect(processor.workOn(row.id)).resolves.toBe('audio_lost');
    expect(await db.repos.answers.get(row.id)).toMatchObject({ status: 'failed', error: 'lost_on_restart' });
    await expect(processor.workOn(toAnswerId(987_654))).resolves.toBe('gone');
  });

  it('submit stores the answer, then its work goes through the queue: in process, at once, with progress', async () => {
    const queued: number[] = [];
    class RecordingQueue extends InProcessQueue {
      override enqueue(job: AnswerJob): Promise<EnqueueOutcome> {
        queued.push(job.answerId);
        return super.enqueue(job);
      }
    }
    const queue = new RecordingQueue({ retryLimit: 0, retryDelaySec: 1, expireInSec: 60 });
    const viaQueue = new AnswerProcessor({ repos: db.repos, evaluator, transcriber: null, maxAnswerChars: 4000, queue });
    const { engine, session, host } = await startOneQuestionRound(db.repos);
    const stages: string[] = [];
    const result = await viaQueue.submit({
      sessionId: session.id,
      questionId: (await engine.current(session.id)).question.id,
      userId: host.id,
      input: { kind: 'text', text: 'I would measure first, then cache the hot path.' },
      onProgress: (progress) => void stages.push(progress.stage),
    });
    expect(queued).toEqual([result.answer.id]);
    expect(result.answer.status).toBe('scored');
    expect(stages).toEqual(['scoring', 'done']);
    expect(await rowCounts(result.answer.id)).toEqual({ metrics: 1, evaluations: 1 });
    // The job ran to the end here: running it again is the no-op a duplicate delivery would be.
    await expect(viaQueue.workOn(result.answer.id)).resolves.toBe('already_done');
    expect(evaluator.calls).toBe(1);
  });
});
