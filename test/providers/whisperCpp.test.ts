import { afterAll, describe, expect, it } from 'vitest';
import { isUserFacingError } from '../../src/errors.js';
import { isProviderError } from '../../src/pipeline/providers/ProviderError.js';
import { TranscriptionFailed } from '../../src/pipeline/transcribe/TranscriptionFailed.js';
import { toUserError } from '../../src/toUserError.js';
import { WhisperCppTranscriber } from '../../src/pipeline/transcribe/whisperCppTranscriber.js';
import { testWhisperModelPath } from '../helpers/testWhisperModel.js';
import { wav } from './providerTestKit.js';

/** whisper.cpp's own test model: real header and vocabulary, no weights; it runs and returns empty or garbage. */
const MODEL = testWhisperModelPath();

const opened: WhisperCppTranscriber[] = [];
const make = (options: Partial<ConstructorParameters<typeof WhisperCppTranscriber>[0]> = {}) => {
  const t = new WhisperCppTranscriber({ modelPath: MODEL, timeoutMs: 60_000, threads: 2, ...options });
  opened.push(t);
  return t;
};
afterAll(async () => {
  await Promise.all(opened.map((t) => t.close()));
});

const squash = (text: string): string => text.replace(/\s+/g, '');

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('WhisperCppTranscriber (@napi-rs/whisper, worker thread)', () => {
  it('runs the model on a worker and returns a Transcript, keeping the event loop free', async () => {
    const transcriber = make();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = Date.now();
    const transcript = await transcriber.transcribe({ wav: wav(1.5), durationSec: 1.5 });
    const elapsed = Date.now() - started;
    clearInterval(timer);
    expect(transcript.transcriber).toBe('whisper.cpp:for-tests-ggml-tiny.en.bin');
    expect(typeof transcript.text).toBe('string');
    expect(transcript.durationSec).toBeCloseTo(1.5, 5);
    // The weightless model decodes nothing or garbage; whatever words came back must form a coherent timeline.
    let previousEnd = 0;
    for (const word of transcript.words) {
      expect(word.word.trim()).toBe(word.word);
      expect(word.word).not.toBe('');
      expect(word.start).toBeGreaterThanOrEqual(previousEnd);
      expect(word.end).toBeGreaterThanOrEqual(word.start);
      expect(word.end).toBeLessThanOrEqual(1.5);
      previousEnd = word.end;
    }
    expect(squash(transcript.words.map((w) => w.word).join(''))).toBe(squash(transcript.text));
    // The main thread kept ticking while whisper_full() ran elsewhere.
    expect(ticks).toBeGreaterThan(elapsed / 10 / 4);
    // The loaded model is reused by the next call.
    await expect(transcriber.transcribe({ wav: wav(0.5), durationSec: 0.5 })).resolves.toMatchObject({ transcriber: transcriber.name });
  });

  it('refuses silence before starting any work', async () => {
    const error = await errorOf(make({ modelPath: '/nonexistent.bin' }).transcribe({ wav: wav(1, 'silence'), durationSec: 1 }));
    expect(isUserFacingError(error) && error.code).toBe('no_speech');
  });

  it('fails with a provider error for a missing model file, which people see as transcriber_failed', async () => {
    const error = await errorOf(make({ modelPath: '/nonexistent/ggml-base.en.bin' }).transcribe({ wav: wav(1), durationSec: 1 }));
    expect(isProviderError(error)).toBe(true);
    expect(toUserError(new TranscriptionFailed('whisper.cpp', error)).code).toBe('transcriber_failed');
  });

  it('gives up on a run that takes too long, with the user-facing message', async () => {
    const transcriber = make({ timeoutMs: 1, msPerAudioSecond: 0 });
    const error = await errorOf(transcriber.transcribe({ wav: wav(1), durationSec: 1 }));
    expect(isProviderError(error) && error.failure).toBe('timeout');
    const shown = toUserError(new TranscriptionFailed(transcriber.name, error));
    expect(shown.code).toBe('transcriber_failed');
    expect(shown.message).toMatch(/^Transcription is slow right now/);
  });

  it('ends the worker when the caller aborts, and starts a fresh one for the next call', async () => {
    const transcriber = make();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5);
    const error = await errorOf(transcriber.transcribe({ wav: wav(1), durationSec: 1 }, controller.signal));
    expect(error).toMatchObject({ name: 'ProviderError', failure: 'aborted' });
    await expect(transcriber.transcribe({ wav: wav(0.5), durationSec: 0.5 })).resolves.toMatchObject({ transcriber: transcriber.name });
  });
});
