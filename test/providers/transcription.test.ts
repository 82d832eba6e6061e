import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isUserFacingError, type UserFacingError } from '../../src/errors.js';
import { isProviderError } from '../../src/pipeline/providers/ProviderError.js';
import { TranscriptionFailed } from '../../src/pipeline/transcribe/TranscriptionFailed.js';
import { toUserError } from '../../src/toUserError.js';
import { encodeWav, wavUpload } from '../../src/pipeline/audio/index.js';
import { readWavInfo } from '../../src/pipeline/audio/wavFormat.js';
import type { AnswerAudio } from '../../src/pipeline/audio/types.js';
import { FILLER_PROMPT } from '../../src/pipeline/transcribe/hallucinations.js';
import { OpenAITranscriber } from '../../src/pipeline/transcribe/openaiTranscriber.js';
import { errorReply, FakeOpenAI, type FakeTranscript } from '../fakes/openai/FakeOpenAI.js';
import { fastRetry, recordingSleep, wav } from './providerTestKit.js';

let fake: FakeOpenAI;
let defaultTranscript: FakeTranscript;
beforeAll(async () => {
  fake = await FakeOpenAI.start();
  defaultTranscript = structuredClone(fake.transcript);
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.server.reset();
  fake.transcriptionMode = 'openai';
  fake.transcript = structuredClone(defaultTranscript);
});

const transcriber = (overrides: Partial<ConstructorParameters<typeof OpenAITranscriber>[0]> = {}) =>
  new OpenAITranscriber({ apiKey: 'sk-whisper-secret', baseUrl: fake.url, model: 'whisper-1', retry: fastRetry(), ...overrides });

/**
 * A failing transcriber throws a ProviderError (it words nothing for people); what a person is then shown comes from
 * the one mapping, for the answer's transcription step that failed with it.
 */
async function failure(promise: Promise<unknown>): Promise<UserFacingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  // Input the transcriber refuses before any request (silence, an empty file) is the person's to hear about as it is.
  if (isUserFacingError(error)) return error;
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  expect(error.message).not.toMatch(/sk-|fake error/);
  return toUserError(new TranscriptionFailed('openai:whisper-1', error));
}

describe('OpenAITranscriber request', () => {
  it('uploads the WAV as multipart with model, verbose_json, both granularities, the filler prompt and the language', async () => {
    const audio = wav(1);
    await transcriber().transcribe({ wav: audio, durationSec: 1, language: 'en' });
    const [call] = fake.callsTo('transcriptions');
    expect(call?.headers.authorization).toBe('Bearer sk-whisper-secret');
    expect(call?.form).toMatchObject({
      model: ['whisper-1'],
      response_format: ['verbose_json'],
      prompt: [FILLER_PROMPT],
      language: ['en'],
      'timestamp_granularities[]': ['word', 'segment'],
    });
    expect(call?.files?.file?.bytes.equals(audio)).toBe(true);
    expect(call?.files?.file?.name).toBe('answer.wav');
  });

  it('streams an answer as its WAV header and a view of its own samples: the bytes received are the trimmed WAV', async () => {
    // 3 s with a tone from 1.0 to 2.0 s; trimming keeps the tone and 0.25 s either side.
    const pcm = new Int16Array(48_000);
    for (let i = 16_000; i < 32_000; i++) pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * 220 * i) / 16_000));
    const answer: AnswerAudio = { pcm, sampleRate: 16_000, durationSec: 3, speech: [{ start: 1, end: 2 }] };
    const upload = wavUpload(answer, { trim: true });
    expect(upload.samples.buffer).toBe(pcm.buffer);
    await transcriber().transcribe({ wav: upload, durationSec: 1.5 });
    const sent = fake.callsTo('transcriptions')[0]?.files?.file?.bytes;
    expect(sent?.equals(encodeWav(answer, { trim: true }))).toBe(true);
    const info = readWavInfo(sent ?? Buffer.alloc(0));
    expect(info).toMatchObject({ sampleFormat: 'pcm', bitsPerSample: 16, channels: 1, sampleRate: 16_000, dataOffset: 44, dataBytes: 1.5 * 32_000, declaredDataBytes: 1.5 * 32_000 });
    expect(sent?.subarray(44).equals(Buffer.from(pcm.buffer, 0.75 * 32_000, 1.5 * 32_000))).toBe(true);
  });

  it('sends the WAV again on a retry after a server error', async () => {
    fake.script('transcriptions', errorReply(500));
    const pcm = new Int16Array(16_000).map((_, i) => Math.round(6000 * Math.sin((2 * Math.PI * 220 * i) / 16_000)));
    const answer: AnswerAudio = { pcm, sampleRate: 16_000, durationSec: 1, speech: [{ start: 0, end: 1 }] };
    await transcriber().transcribe({ wav: wavUpload(answer), durationSec: 1 });
    const calls = fake.callsTo('transcriptions');
    expect(calls).toHaveLength(2);
    for (const call of calls) expect(call.files?.file?.bytes.equals(encodeWav(answer))).toBe(true);
  });

  it('omits language when none is known, and asks gpt-4o transcribe models for plain json', async () => {
    const transcript = await transcriber({ model: 'gpt-4o-mini-transcribe' }).transcribe({ wav: wav(1), durationSec: 1 });
    const form = fake.callsTo('transcriptions')[0]?.form ?? {};
    expect(form.language).toBeUndefined();
    expect(form.response_format).toEqual(['json']);
    expect(form['timestamp_granularities[]']).toBeUndefined();
    expect(transcript).toMatchObject({ text: 'Um, I would add a cache.', words: [], segments: [], transcriber: 'openai:gpt-4o-mini-transcribe' });
  });

  it('never sends silence or a near-empty WAV', async () => {
    expect((await failure(transcriber().transcribe({ wav: wav(2, 'silence'), durationSec: 2 }))).code).toBe('no_speech');
    expect((await failure(transcriber().transcribe({ wav: wav(0.1), durationSec: 0.1 }))).code).toBe('no_speech');
    expect((await failure(transcriber().transcribe({ wav: wav(0), durationSec: 0 }))).code).toMatch(/no_speech|audio_unreadable/);
    expect(fake.callsTo('transcriptions')).toHaveLength(0);
  });
});

describe('OpenAITranscriber normalises every server shape', () => {
  const expectedWords = ['Um', 'I', 'would', 'add', 'a', 'cache'];

  it('OpenAI: top-level words', async () => {
    const t = await transcriber().transcribe({ wav: wav(1), durationSec: 1 });
    expect(t).toMatchObject({ text: 'Um, I would add a cache.', language: 'en', durationSec: 2, transcriber: 'openai:whisper-1' });
    expect(t.words.map((w) => w.word)).toEqual(expectedWords);
    expect(t.words[2]).toEqual({ word: 'would', start: 0.6, end: 0.9 });
    expect(t.segments).toEqual([{ start: 0, end: 2, text: 'Um, I would add a cache.', noSpeechProb: 0.01 }]);
  });

  it('whisper.cpp server: token words nested in segments, merged into words', async () => {
    fake.transcriptionMode = 'whisper.cpp';
    const t = await transcriber().transcribe({ wav: wav(1), durationSec: 1 });
    expect(fake.callsTo('transcriptions')[0]?.files?.file).toBeDefined();
    expect(t.words.map((w) => w.word)).toEqual(expectedWords);
    expect(t.words[5]).toEqual({ word: 'cache', start: 1.3, end: 1.8 });
    expect(t.segments).toHaveLength(1);
  });

  it('LocalAI: segments only, no words', async () => {
    fake.transcriptionMode = 'localai';
    const t = await transcriber().transcribe({ wav: wav(1), durationSec: 1 });
    expect(t.words).toEqual([]);
    expect(t.text).toBe('Um, I would add a cache.');
    expect(t.segments).toHaveLength(1);
  });
});

describe('OpenAITranscriber hallucinations', () => {
  const speech = (text: string, start: number, end: number, extra: Partial<FakeTranscript['segments'][number]> = {}) => ({
    start,
    end,
    text,
    no_speech_prob: 0.02,
    avg_logprob: -0.2,
    words: text
      .trim()
      .split(/\s+/)
      .map((word, i, all) => ({ word: word.replace(/[.,]/g, ''), start: start + ((end - start) * i) / all.length, end: start + ((end - start) * (i + 1)) / all.length })),
    ...extra,
  });

  for (const mode of ['openai', 'whisper.cpp', 'localai'] as const) {
    it(`drops stock phrases and high no-speech segments, with their words (${mode})`, async () => {
      fake.transcriptionMode = mode;
      fake.transcript = {
        language: 'english',
        duration: 9,
        segments: [
          speech(' I led the migration.', 0, 2),
          speech(' Thank you for watching!', 2.5, 4),
          speech(' We cut latency by half.', 4, 6),
          speech(' Subtitles by the Amara.org community', 6, 7.5),
          speech(' you', 7.5, 9, { no_speech_prob: 0.92 }),
        ],
      };
      const t = await transcriber().transcribe({ wav: wav(1), durationSec: 1 });
      expect(t.text).toBe('I led the migration. We cut latency by half.');
      expect(t.segments.map((s) => s.text)).toEqual(['I led the migration.', 'We cut latency by half.']);
      if (mode !== 'localai') expect(t.words.map((w) => w.word)).toEqual(['I', 'led', 'the', 'migration', 'We', 'cut', 'latency', 'by', 'half']);
    });
  }

  it('returns an empty transcript when everything was hallucinated (including an echo of the prompt)', async () => {
    fake.transcript = {
      language: 'english',
      duration: 3,
      segments: [speech(` ${FILLER_PROMPT}`, 0, 1.5), speech(' Thanks for watching.', 1.5, 3)],
    };
    const t = await transcriber().transcribe({ wav: wav(1), durationSec: 1 });
    expect(t).toMatchObject({ text: '', words: [], segments: [] });
  });

  it('keeps real speech that merely contains a short phrase', async () => {
    fake.transcript = { language: 'english', duration: 2, segments: [speech(' Thank you, that is a good question.', 0, 2)] };
    const t = await transcriber().transcribe({ wav: wav(1), durationSec: 1 });
    expect(t.text).toBe('Thank you, that is a good question.');
  });
});

describe('OpenAITranscriber failures', () => {
  it('retries a 429 after its Retry-After', async () => {
    const { delays, sleep } = recordingSleep();
    fake.script('transcriptions', errorReply(429, { 'retry-after': '1' }));
    const t = await transcriber({ retry: fastRetry({ sleep }) }).transcribe({ wav: wav(1), durationSec: 1 });
    expect(t.text).toBe('Um, I would add a cache.');
    expect(delays).toEqual([1000]);
  });

  const cases: Array<[string, () => void, number]> = [
    ['repeated 500s', () => fake.script('transcriptions', errorReply(500), errorReply(500), errorReply(500)), 3],
    ['a timeout', () => fake.script('transcriptions', { json: {}, delayMs: 2_000 }, { json: {}, delayMs: 2_000 }, { json: {}, delayMs: 2_000 }), 3],
    ['malformed JSON', () => fake.script('transcriptions', { raw: '{"text": ' }, { raw: 'nope' }), 2],
    ['a body without text', () => fake.script('transcriptions', { json: { segments: 'x' } }, { json: { words: [] } }), 2],
  ];
  for (const [what, arrange, calls] of cases) {
    it(`reports transcriber_failed after ${what}, without leaking the key or the provider's error`, async () => {
      arrange();
      const error = await failure(
        transcriber({ retry: fastRetry({ timeoutMs: 150 }), msPerAudioSecond: 0 }).transcribe({ wav: wav(1), durationSec: 1 }),
      );
      expect(error.code).toBe('transcriber_failed');
      expect(error.message).toBe("Transcription is slow right now; your answer is saved and I'll post feedback as soon as it's ready.");
      expect(error.message).not.toMatch(/sk-|fake error|500/);
      expect(fake.callsTo('transcriptions')).toHaveLength(calls);
    });
  }

  it('reports transcriber_failed when nothing listens', async () => {
    const error = await failure(
      transcriber({ baseUrl: await FakeOpenAI.closedPortUrl(), retry: fastRetry({ maxRetries: 1 }) }).transcribe({ wav: wav(1), durationSec: 1 }),
    );
    expect(error.code).toBe('transcriber_failed');
  });
});
