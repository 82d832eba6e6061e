// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from '../../src/db/drizzle.js';
import { feedbackCard } from '../../src/commands/cards/feedbackCard.js';
import { createProgressRepository } from '../../src/db/repositories/progressRepository.js';
import { detectSpeech } from '../../src/pipeline/audio/EnergyVad.js';
import { trimRange } from '../../src/pipeline/audio/index.js';
import type { AnswerAudio } from '../../src/pipeline/audio/types.js';
import { RubricEvaluator } from '../../src/pipeline/evaluate/rubricEvaluator.js';
import { OpenAITranscriber } from '../../src/pipeline/transcribe/openaiTranscriber.js';
import { AnswerProcessor } from '../../src/session/AnswerProcessor.js';
import type { AnswerResult } from '../../src/session/answerTypes.js';
import type { QuestionRow, UserRow } from '../../src/db/schema.js';
import { summarizeRound } from '../../src/commands/progress/sessionSummary.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { buildClip, clipTranscript, CLUSTER_SCRIPT, VOICES, type HesitationClip } from '../helpers/hesitationClips.js';
import { startOneQuestionRound } from '../helpers/oneQuestionRound.js';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { fastRetry } from '../providers/providerTestKit.js';
import type { SessionId, UserId } from '../../src/ids.js';

let db: TempDatabase;
let openai: FakeOpenAI;
let clip: HesitationClip;
let result: AnswerResult;
let userId: UserId;
let question: QuestionRow;
let host: UserRow;
let sessionId: SessionId;
let processor: AnswerProcessor;

// One voice answer through the real pipeline: a transcribed "um" followed by two "uhhh"s the transcriber left out.
beforeAll(async () => {
  db = await createTempDatabase();
  openai = await FakeOpenAI.start();
  clip = await buildClip(
    CLUSTER_SCRIPT,
    VOICES[1] ?? { voice: 'en-us', pitch: 70, f0: 150 },
    21,
  );
  const audio: AnswerAudio = { pcm: clip.pcm, sampleRate: 16000, durationSec: clip.durationSec, speech: detectSpeech(clip.pcm) };
  openai.transcript = clipTranscript(clip, trimRange(audio).start / 16000);
  const { engine, ...started } = await startOneQuestionRound(db.repos);
  const { session } = started;
  host = started.host;
  sessionId = session.id;
  userId = host.id;
  processor = new AnswerProcessor({
    repos: db.repos,
    evaluator: new RubricEvaluator(),
    transcriber: new OpenAITranscriber({ apiKey: 'k', baseUrl: openai.url, model: 'whisper-1', retry: fastRetry() }),
    maxAnswerChars: 4000,
  });
  const asked = await engine.current(session.id);
  question = asked.question;
  result = await processor.submit({ sessionId: session.id, questionId: asked.question.id, userId, input: { kind: 'audio', inputKind: 'voice_message', audio } });
}, 180_000);

afterAll(async () => {
  await openai.close();
  await db.cleanup();
});

/** The answer's metrics row as stored, read through the query builder (the same on both databases). */
async function storedMetrics() {
  const { metrics } = db.database.tables;
  const [row] = await db.database.db.select().from(metrics).where(eq(metrics.answerId, result.answer.id));
  if (!row) throw new Error('no metrics row');
  return row;
}

describe('a voice answer with fillers the transcript left out', () => {
  it('finds the two hesitations and the moment they bunch up with the transcribed "um"', async () => {
    expect(result.analysis.fillers.total).toBe(1);
    expect(result.disfluency.hesitations?.total).toBe(2);
    expect(result.disfluency.clusters).toHaveLength(1);
    expect(result.disfluency.clusters[0]).toMatchObject({ count: 3, kinds: { filler: 1, hesitation: 2 } });
  });

  it('stores them with the metrics', async () => {
    const row = await storedMetrics();
    expect(row.hesitationsTotal).toBe(2);
    expect(row.hesitationsPerMinute).toBeCloseTo(2 / (clip.durationSec / 60), 0);
    expect(row.hesitationSpans?.map((s) => s.start)).toEqual(result.disfluency.hesitations?.spans.map((s) => s.start));
    expect(row.disfluencyClusters).toEqual(result.disfluency.clusters);
  });

  it('shows them on the feedback card next to the transcript fillers, with the moment', async () => {
    const card = feedbackCard(result, { who: 'ana', number: 1, total: 1, question });
    const delivery = card.fields?.find((f) => f.name === 'Delivery')?.value ?? '';
    expect(delivery).toContain('fillers 1 (um ×1) + 2 hesitations the transcript left out');
    const moments = card.fields?.find((f) => f.name === 'Moments')?.value ?? '';
    expect(moments).toMatch(/^0:0\d — 1 filler and 2 hesitations within \d s$/);
  });

  it('counts them in /progress and round-summary fillers per minute, as the delivery score does', async () => {
    const stored = await storedMetrics();
    const metrics = { f: stored.fillersPerMinute ?? 0, h: stored.hesitationsPerMinute ?? 0 };
    const [session] = await createProgressRepository(db.database).trendSessions({ userId }, 1);
    expect(session?.fillersPerMinute).toBeCloseTo(metrics.f + metrics.h, 5);
    expect(metrics.h).toBeGreaterThan(0);
    const round = summarizeRound({
      session: await db.repos.sessions.get(sessionId) ?? (() => { throw new Error('no session'); })(),
      participants: [host],
      questions: await db.repos.sessions.questions(sessionId),
      records: [result.record],
    });
    expect(round.participants[0]?.fillersPerMinute).toBeCloseTo(metrics.f + metrics.h, 2);
  });

  it('keeps them when scoring is resumed after a restart (the word timestamps are gone by then)', async () => {
    await db.repos.answers.update(result.answer.id, { status: 'transcribed' });
    const resumed = await processor.resume(result.answer.id);
    expect(resumed?.disfluency.hesitations).toEqual(result.disfluency.hesitations);
    expect(resumed?.disfluency.clusters).toEqual(result.disfluency.clusters);
    expect(resumed?.record.metrics?.hesitationsTotal).toBe(2);
  });
});
