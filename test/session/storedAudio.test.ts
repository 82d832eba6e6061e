// storage: SQLite and PostgreSQL
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSpeech, encodeWav } from '../../src/pipeline/audio/index.js';
import type { AnswerAudio } from '../../src/pipeline/audio/types.js';
import { RubricEvaluator } from '../../src/pipeline/evaluate/rubricEvaluator.js';
import { DEFAULT_CHUNKING } from '../../src/pipeline/transcribe/chunked/planChunks.js';
import { OpenAITranscriber } from '../../src/pipeline/transcribe/openaiTranscriber.js';
import { AnswerProcessor } from '../../src/session/AnswerProcessor.js';
import { errorReply, FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { synthesizeAnswer } from '../helpers/audioFixtures.js';
import { startOneQuestionRound } from '../helpers/oneQuestionRound.js';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';
import { fastRetry } from '../providers/providerTestKit.js';
import { answerId } from '../helpers/ids.js';

let db: TempDatabase;
let openai: FakeOpenAI;
let audioDir: string;
beforeAll(async () => {
  db = await createTempDatabase();
  openai = await FakeOpenAI.start();
  audioDir = await mkdtemp(path.join(os.tmpdir(), 'interview-coach-stored-audio-'));
});
afterAll(async () => {
  await openai.close();
  await db.cleanup();
  await rm(audioDir, { recursive: true, force: true });
});

describe('STORE_AUDIO', () => {
  it('keeps a voice answer as a WAV of its samples while the transcriber is down, and transcribes it from there later', async () => {
    const { pcm } = await synthesizeAnswer();
    const audio: AnswerAudio = { pcm, sampleRate: 16000, durationSec: pcm.length / 16000, speech: detectSpeech(pcm) };
    const { engine, session, host } = await startOneQuestionRound(db.repos);
    const processor = new AnswerProcessor({
      repos: db.repos,
      evaluator: new RubricEvaluator(),
      transcriber: new OpenAITranscriber({ apiKey: 'k', baseUrl: openai.url, model: 'whisper-1', retry: fastRetry({ maxRetries: 0 }) }),
      maxAnswerChars: 4000,
      audioDir,
      chunking: { ...DEFAULT_CHUNKING, chunkSpeechSec: 0 },
    });
    const asked = await engine.current(session.id);
    openai.script('transcriptions', errorReply(500));
    await expect(
      processor.submit({ sessionId: session.id, questionId: asked.question.id, userId: host.id, input: { kind: 'audio', inputKind: 'voice_message', audio } }),
    ).rejects.toMatchObject({ code: 'transcriber_failed' });
    const [kept] = await db.repos.answers.forSession(session.id);
    const file = path.join(audioDir, `answer-${kept?.answer.id}.wav`);
    expect((await readFile(file)).equals(encodeWav(audio))).toBe(true);

    const retried = await processor.retryTranscription(kept?.answer.id ?? answerId(1_000_000));
    expect(retried?.answer.status).toBe('scored');
    expect(existsSync(file)).toBe(false);
  });
});
