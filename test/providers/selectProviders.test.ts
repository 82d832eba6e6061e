import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { isUserFacingError } from '../../src/errors.js';
import { FallbackEvaluator } from '../../src/pipeline/evaluate/fallbackEvaluator.js';
import { GeminiEvaluator } from '../../src/pipeline/evaluate/geminiEvaluator.js';
import { OpenAIEvaluator } from '../../src/pipeline/evaluate/openaiEvaluator.js';
import type { FallbackEvent } from '../../src/pipeline/providers/fallback.js';
import { createProviders, type ProviderDescription } from '../../src/pipeline/providers/selectProviders.js';
import { FallbackQuestionSource } from '../../src/pipeline/questions/fallbackQuestionSource.js';
import { OpenAIQuestionSource } from '../../src/pipeline/questions/openaiQuestionSource.js';
import { FallbackSpeaker } from '../../src/pipeline/speech/fallbackSpeaker.js';
import { OpenAITranscriber } from '../../src/pipeline/transcribe/openaiTranscriber.js';
import { WhisperCppTranscriber } from '../../src/pipeline/transcribe/whisperCppTranscriber.js';
import { LocalWhisperTranscriber } from '../../src/pipeline/transcribe/localWhisperTranscriber.js';
import { FakeGemini, geminiError, geminiText } from '../fakes/gemini/FakeGemini.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { offlineEvaluator, offlineQuestions, offlineSpeaker, question, validEvaluationJson, wav } from './providerTestKit.js';
import { testWhisperModelPath } from '../helpers/testWhisperModel.js';

const MODEL = testWhisperModelPath();

function offline() {
  return { questions: offlineQuestions(), evaluator: offlineEvaluator(), speaker: offlineSpeaker() };
}

function build(env: Record<string, string>, fallbacks = offline()) {
  return { providers: createProviders(parseConfig(env), fallbacks, { retry: { sleep: async () => undefined } }), fallbacks };
}

function byRole(descriptions: ProviderDescription[]): Record<string, ProviderDescription> {
  return Object.fromEntries(descriptions.map((d) => [d.role, d]));
}

/** The provider behind an offline fallback wrapper (undefined when there is no wrapper). */
function primaryOf(provider: unknown): unknown {
  if (provider instanceof FallbackEvaluator || provider instanceof FallbackQuestionSource || provider instanceof FallbackSpeaker) {
    return provider.primary;
  }
  return undefined;
}

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isUserFacingError(error) && error.code === 'config_invalid') return error.message;
    throw error;
  }
  throw new Error('expected a config_invalid error');
}

describe('createProviders: selection', () => {
  it('uses the offline defaults with no key, and describe() says so', () => {
    const { providers, fallbacks } = build({});
    expect(providers.questions).toBe(fallbacks.questions);
    expect(providers.evaluator).toBe(fallbacks.evaluator);
    expect(providers.speaker).toBe(fallbacks.speaker);
    // Voice works out of the box: local whisper.cpp with the manifest's default model, fetched on first use.
    expect(providers.transcriber).toBeInstanceOf(LocalWhisperTranscriber);
    expect(providers.localModel?.status()).toMatchObject({ state: 'missing', name: 'base.en-q5_1', bytesTotal: 59_721_011 });
    expect(providers.localModel?.source.path).toMatch(/[\\/]data[\\/]models[\\/]ggml-base\.en-q5_1\.bin$/);
    const d = byRole(providers.describe());
    expect(d.questions).toMatchObject({ provider: 'bank', offline: true, selection: 'auto', fallback: null, model: null });
    expect(d.evaluator).toMatchObject({ provider: 'rubric', offline: true });
    expect(d.speaker).toMatchObject({ provider: 'espeak', offline: true });
    expect(d.transcriber).toMatchObject({ provider: 'whisper.cpp', model: 'base.en-q5_1', offline: true, fallback: null });
    expect(d.evaluator?.reason).toMatch(/no GEMINI_API_KEY, OPENAI_API_KEY or OPENAI_BASE_URL/);
    expect(d.transcriber?.reason).toMatch(/local whisper\.cpp with base\.en-q5_1/);
  });

  it('TRANSCRIBER_PROVIDER=none still turns voice off; whisper-cpp forces the local model', () => {
    const off = build({ TRANSCRIBER_PROVIDER: 'none' }).providers;
    expect(off.transcriber).toBeNull();
    expect(off.localModel).toBeNull();
    expect(byRole(off.describe()).transcriber).toMatchObject({ provider: 'none', selection: 'forced' });
    const forced = build({ TRANSCRIBER_PROVIDER: 'whisper-cpp', OPENAI_API_KEY: 'sk', WHISPER_LOCAL_MODEL: 'tiny.en-q8_0', WHISPER_MODEL_DIR: '/var/cache/ic' }).providers;
    expect(forced.transcriber).toBeInstanceOf(LocalWhisperTranscriber);
    expect(forced.transcriber?.name).toBe('whisper.cpp:ggml-tiny.en-q8_0.bin');
    expect(forced.localModel?.source).toMatchObject({ path: '/var/cache/ic/ggml-tiny.en-q8_0.bin', bytes: 43_550_795 });
    expect(forced.localModel?.source.url).toBe('https://huggingface.co/ggerganov/whisper.cpp/resolve/5359861c739e955e79d9a303bcbc70fb988958b1/ggml-tiny.en-q8_0.bin');
    expect(byRole(forced.describe()).transcriber).toMatchObject({ provider: 'whisper.cpp', model: 'tiny.en-q8_0', selection: 'forced' });
  });

  it('WHISPER_MODEL_URL + WHISPER_MODEL_SHA256 (+ BYTES) replace the source; WHISPER_MODEL_BASE_URL moves the manifest', () => {
    const sha = 'ab'.repeat(32);
    const custom = build({ WHISPER_MODEL_URL: 'http://mirror.local/files/ggml-mine.bin?token=x', WHISPER_MODEL_SHA256: sha.toUpperCase(), WHISPER_MODEL_BYTES: '1234', WHISPER_MODEL_DIR: '/m' }).providers;
    expect(custom.localModel?.source).toMatchObject({ name: 'base.en-q5_1', fileName: 'ggml-mine.bin', path: '/m/ggml-mine.bin', sha256: sha, bytes: 1234 });
    const mirror = build({ WHISPER_MODEL_BASE_URL: 'http://mirror.local/hf/' }).providers;
    expect(mirror.localModel?.source.url).toBe('http://mirror.local/hf/resolve/5359861c739e955e79d9a303bcbc70fb988958b1/ggml-base.en-q5_1.bin');
  });

  it('a Gemini key wins for questions, scoring and speech, each with its offline fallback behind it', () => {
    const { providers } = build({ GEMINI_API_KEY: 'AIza-secret', GEMINI_MODEL: 'gemini-3.8-flash' });
    expect(primaryOf(providers.evaluator)).toBeInstanceOf(GeminiEvaluator);
    expect(providers.speaker).toBeInstanceOf(FallbackSpeaker);
    // A Gemini key gives no transcription API: voice goes to the local model.
    expect(providers.transcriber).toBeInstanceOf(LocalWhisperTranscriber);
    const d = byRole(providers.describe());
    expect(d.questions).toMatchObject({ provider: 'gemini', model: 'gemini-3.8-flash', offline: false, fallback: 'bank', selection: 'auto', endpoint: null });
    expect(d.evaluator).toMatchObject({ provider: 'gemini', fallback: 'rubric', reason: 'GEMINI_API_KEY is set' });
    expect(d.speaker).toMatchObject({ provider: 'gemini', model: 'gemini-3.8-flash-lite-tts', fallback: 'espeak' });
  });

  it('an OpenAI key gives chat, speech and Whisper', () => {
    const { providers } = build({ OPENAI_API_KEY: 'sk-secret' });
    expect(primaryOf(providers.questions)).toBeInstanceOf(OpenAIQuestionSource);
    expect(providers.transcriber).toBeInstanceOf(OpenAITranscriber);
    const d = byRole(providers.describe());
    expect(d.transcriber).toMatchObject({ provider: 'openai', model: 'whisper-1', offline: false, fallback: null });
    expect(d.speaker).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini-tts' });
  });

  it('a base URL alone selects a local OpenAI-compatible chat server, but not speech or transcription', () => {
    const { providers } = build({ OPENAI_BASE_URL: 'http://localhost:11434/v1', OPENAI_MODEL: 'llama3.1:8b' });
    expect(primaryOf(providers.evaluator)).toBeInstanceOf(OpenAIEvaluator);
    const d = byRole(providers.describe());
    expect(d.evaluator).toMatchObject({ provider: 'openai', model: 'llama3.1:8b', endpoint: 'localhost:11434', reason: 'OPENAI_BASE_URL is set' });
    expect(d.speaker?.provider).toBe('espeak');
    expect(d.transcriber?.provider).toBe('whisper.cpp');
  });

  it('*_PROVIDER overrides per interface', () => {
    const { providers, fallbacks } = build({
      GEMINI_API_KEY: 'g',
      OPENAI_API_KEY: 'o',
      QUESTION_PROVIDER: 'openai',
      EVALUATOR_PROVIDER: 'rubric',
      SPEAKER_PROVIDER: 'espeak',
      TRANSCRIBER_PROVIDER: 'none',
    });
    expect(providers.evaluator).toBe(fallbacks.evaluator);
    expect(providers.speaker).toBe(fallbacks.speaker);
    expect(providers.transcriber).toBeNull();
    const d = byRole(providers.describe());
    expect(d.questions).toMatchObject({ provider: 'openai', selection: 'forced', reason: 'QUESTION_PROVIDER=openai' });
    expect(d.evaluator).toMatchObject({ provider: 'rubric', selection: 'forced' });
    expect(d.transcriber).toMatchObject({ provider: 'none', selection: 'forced' });
  });

  it('picks local whisper.cpp from WHISPER_MODEL_PATH when no API is configured', async () => {
    const { providers } = build({ WHISPER_MODEL_PATH: MODEL });
    expect(providers.transcriber).toBeInstanceOf(WhisperCppTranscriber);
    expect(byRole(providers.describe()).transcriber).toMatchObject({ provider: 'whisper.cpp', model: 'for-tests-ggml-tiny.en.bin', offline: true });
    await providers.close();
  });

  it('refuses a forced provider that is not configured, and a model path that is not a file', () => {
    expect(configError(() => build({ EVALUATOR_PROVIDER: 'gemini' }))).toBe('EVALUATOR_PROVIDER=gemini needs GEMINI_API_KEY.');
    expect(configError(() => build({ QUESTION_PROVIDER: 'openai' }))).toMatch(/OPENAI_API_KEY or OPENAI_BASE_URL/);
    expect(configError(() => build({ WHISPER_LOCAL_MODEL: 'huge.en' }))).toMatch(/^Unknown whisper model "huge.en"\. Choose one of: tiny\.en, /);
    expect(configError(() => build({ WHISPER_MODEL_URL: 'http://127.0.0.1:9/m.bin' }))).toMatch(/WHISPER_MODEL_URL needs WHISPER_MODEL_SHA256/);
    expect(configError(() => build({ TRANSCRIBER_PROVIDER: 'openai' }))).toMatch(/OPENAI_API_KEY/);
    expect(configError(() => build({ WHISPER_MODEL_PATH: '/nope/ggml.bin' }))).toMatch(/WHISPER_MODEL_PATH/);
  });

  it('describe() holds no secrets', () => {
    const { providers } = build({
      GEMINI_API_KEY: 'AIza-secret-1',
      OPENAI_API_KEY: 'sk-secret-2',
      WHISPER_API_KEY: 'wh-secret-3',
      WHISPER_BASE_URL: 'https://user:pass-secret-4@stt.example.com/v1?token=secret-5',
    });
    const text = JSON.stringify(providers.describe());
    expect(text).not.toMatch(/secret/);
    expect(byRole(providers.describe()).transcriber?.endpoint).toBe('stt.example.com');
  });
});

describe('createProviders: wired to real SDKs and the env settings', () => {
  let gemini: FakeGemini;
  let openai: FakeOpenAI;
  beforeAll(async () => {
    [gemini, openai] = await Promise.all([FakeGemini.start(), FakeOpenAI.start()]);
  });
  afterAll(async () => {
    await Promise.all([gemini.close(), openai.close()]);
  });
  beforeEach(() => {
    gemini.server.reset();
    openai.server.reset();
  });

  it('GEMINI_BASE_URL and GEMINI_MODEL reach the SDK; PROVIDER_MAX_RETRIES bounds the calls before the rubric answers', async () => {
    const events: FallbackEvent[] = [];
    const providers = createProviders(
      parseConfig({ GEMINI_API_KEY: 'AIza-k', GEMINI_BASE_URL: gemini.url, GEMINI_MODEL: 'gemini-test', PROVIDER_MAX_RETRIES: '1' }),
      offline(),
      { retry: { sleep: async () => undefined }, onFallback: (e) => events.push(e) },
    );
    gemini.script(geminiText(validEvaluationJson()));
    expect(await providers.evaluator.evaluate({ question, answer: 'Redis.' })).toMatchObject({ evaluator: 'gemini', model: 'gemini-test' });
    expect(gemini.calls[0]?.params.model).toBe('gemini-test');
    expect(gemini.calls[0]?.path).toBe('/v1beta/models/gemini-test:generateContent');

    gemini.setDefault(geminiError(500));
    expect((await providers.evaluator.evaluate({ question, answer: 'Redis.' })).evaluator).toBe('rubric');
    expect(gemini.calls).toHaveLength(3);
    expect(events.map((e) => e.role)).toEqual(['evaluator']);
  });

  it('GEMINI_API_VERSION overrides the pinned v1beta for every Gemini call', async () => {
    const providers = createProviders(
      parseConfig({ GEMINI_API_KEY: 'AIza-k', GEMINI_BASE_URL: gemini.url, GEMINI_API_VERSION: 'v1', QUESTION_PROVIDER: 'bank', SPEAKER_PROVIDER: 'espeak' }),
      offline(),
      { retry: { sleep: async () => undefined } },
    );
    const before = gemini.calls.length;
    gemini.script(geminiText(validEvaluationJson()));
    await providers.evaluator.evaluate({ question, answer: 'Redis.' });
    expect(gemini.calls[before]?.path).toBe('/v1/models/gemini-flash-latest:generateContent');
    expect(() => parseConfig({ GEMINI_API_VERSION: 'latest; rm -rf' })).toThrow(/GEMINI_API_VERSION/);
  });

  it('PROVIDER_TIMEOUT_MS bounds each attempt', async () => {
    const providers = createProviders(
      parseConfig({ GEMINI_API_KEY: 'k', GEMINI_BASE_URL: gemini.url, PROVIDER_TIMEOUT_MS: '100', PROVIDER_MAX_RETRIES: '0' }),
      offline(),
    );
    gemini.setDefault({ ...geminiText(validEvaluationJson()), delayMs: 2_000 });
    const started = Date.now();
    expect((await providers.evaluator.evaluate({ question, answer: 'Redis.' })).evaluator).toBe('rubric');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(gemini.calls).toHaveLength(1);
  });

  it('sends the OpenAI key to the OpenAI endpoint only: a separate WHISPER_BASE_URL gets WHISPER_API_KEY or none', async () => {
    const own = createProviders(parseConfig({ OPENAI_API_KEY: 'sk-openai', WHISPER_BASE_URL: openai.url }), offline());
    await own.transcriber?.transcribe({ wav: wav(1), durationSec: 1 });
    expect(openai.callsTo('transcriptions')[0]?.headers.authorization).not.toContain('sk-openai');

    const keyed = createProviders(
      parseConfig({ OPENAI_API_KEY: 'sk-openai', WHISPER_BASE_URL: openai.url, WHISPER_API_KEY: 'wh-key', WHISPER_MODEL: 'Systran/faster-whisper-small' }),
      offline(),
    );
    await keyed.transcriber?.transcribe({ wav: wav(1), durationSec: 1 });
    const call = openai.callsTo('transcriptions')[1];
    expect(call?.headers.authorization).toBe('Bearer wh-key');
    expect(call?.form?.model).toEqual(['Systran/faster-whisper-small']);

    const shared = createProviders(parseConfig({ OPENAI_API_KEY: 'sk-openai', OPENAI_BASE_URL: openai.url }), offline());
    await shared.transcriber?.transcribe({ wav: wav(1), durationSec: 1 });
    expect(openai.callsTo('transcriptions')[2]?.headers.authorization).toBe('Bearer sk-openai');
  });
});
