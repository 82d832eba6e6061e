import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { checkProviders } from '../../src/pipeline/providers/checkProviders.js';
import { selfCheckAtStart } from '../../src/providerSelfCheck.js';
import { FakeGemini } from '../fakes/gemini/FakeGemini.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';

let gemini: FakeGemini;
let openai: FakeOpenAI;
beforeAll(async () => {
  gemini = await FakeGemini.start();
  openai = await FakeOpenAI.start();
});
afterAll(async () => {
  await gemini.close();
  await openai.close();
});
beforeEach(() => {
  gemini.server.reset();
  gemini.unknownModels.clear();
  gemini.requiredKey = undefined;
  openai.server.reset();
  openai.unknownModels.clear();
  openai.requiredKey = undefined;
  openai.modelLookup = true;
});

const geminiEnv = (extra: Record<string, string> = {}) => ({ GEMINI_API_KEY: 'AIza-right-key-123', GEMINI_BASE_URL: gemini.url, ...extra });
const openaiEnv = (extra: Record<string, string> = {}) => ({ OPENAI_API_KEY: 'sk-right-key-123', OPENAI_BASE_URL: openai.url, ...extra });

describe('checkProviders', () => {
  it('checks nothing when no provider is configured', async () => {
    expect(await checkProviders(parseConfig({}))).toEqual([]);
  });

  it('looks up GEMINI_MODEL and GEMINI_TTS_MODEL with models.get on the pinned v1beta, and passes', async () => {
    const checks = await checkProviders(parseConfig(geminiEnv()));
    expect(checks.map((c) => [c.model, c.status, c.roles])).toEqual([
      ['gemini-flash-latest', 'ok', ['questions', 'evaluator']],
      ['gemini-3.8-flash-lite-tts', 'ok', ['speaker']],
    ]);
    expect(gemini.modelLookups.map((r) => r.path)).toEqual(['/v1beta/models/gemini-flash-latest', '/v1beta/models/gemini-3.8-flash-lite-tts']);
    expect(gemini.calls).toHaveLength(0);
  });

  it('names GEMINI_MODEL when the model does not exist (404), and says what answers instead', async () => {
    gemini.unknownModels.add('gemini-2.5-flash');
    const checks = await checkProviders(parseConfig(geminiEnv({ GEMINI_MODEL: 'gemini-2.5-flash', SPEAKER_PROVIDER: 'espeak' })));
    expect(checks).toEqual([
      expect.objectContaining({ status: 'failed', variable: 'GEMINI_MODEL', httpStatus: 404, model: 'gemini-2.5-flash' }),
    ]);
    expect(checks[0]?.message).toBe(
      'GEMINI_MODEL gemini-2.5-flash does not exist (404) — questions come from the offline bank; scoring falls back to the offline rubric',
    );
  });

  it('names GEMINI_TTS_MODEL for an unknown speech model', async () => {
    gemini.unknownModels.add('gemini-2.5-flash-preview-tts');
    const checks = await checkProviders(parseConfig(geminiEnv({ GEMINI_TTS_MODEL: 'gemini-2.5-flash-preview-tts' })));
    expect(checks.find((c) => c.status === 'failed')).toMatchObject({ variable: 'GEMINI_TTS_MODEL', roles: ['speaker'] });
    expect(checks.find((c) => c.status === 'failed')?.message).toMatch(/espeak-ng/);
  });

  it("names GEMINI_API_KEY for Gemini's 400 API_KEY_INVALID, once for all its models", async () => {
    gemini.requiredKey = 'AIza-another-key-456';
    const checks = await checkProviders(parseConfig(geminiEnv()));
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ status: 'failed', variable: 'GEMINI_API_KEY', httpStatus: 400, roles: ['questions', 'evaluator', 'speaker'] });
    expect(checks[0]?.message).toMatch(/^GEMINI_API_KEY was rejected \(400\) — questions come from .*scoring falls back .*espeak-ng/);
    expect(gemini.modelLookups).toHaveLength(1);
  });

  it('names OPENAI_API_KEY on a 401 and reports it once for chat, speech and Whisper', async () => {
    openai.requiredKey = 'sk-another-key-456';
    const checks = await checkProviders(parseConfig(openaiEnv()));
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ status: 'failed', variable: 'OPENAI_API_KEY', httpStatus: 401 });
    expect(checks[0]?.roles.sort()).toEqual(['evaluator', 'questions', 'speaker', 'transcriber']);
    expect(checks[0]?.message).toMatch(/^OPENAI_API_KEY was rejected \(401\) — /);
  });

  it('looks up OPENAI_MODEL, OPENAI_TTS_MODEL and WHISPER_MODEL with GET /v1/models/{id}', async () => {
    const checks = await checkProviders(parseConfig(openaiEnv()));
    expect(checks.map((c) => [c.model, c.status])).toEqual([
      ['gpt-5.4-mini', 'ok'],
      ['gpt-4o-mini-tts', 'ok'],
      ['whisper-1', 'ok'],
    ]);
    expect(openai.callsTo('model').map((r) => r.path)).toEqual(['/v1/models/gpt-5.4-mini', '/v1/models/gpt-4o-mini-tts', '/v1/models/whisper-1']);
    expect(openai.callsTo('model')[0]?.headers.authorization).toBe('Bearer sk-right-key-123');
  });

  it('names OPENAI_MODEL when the model does not exist, confirmed against the model list', async () => {
    openai.unknownModels.add('gpt-4o-mini');
    const checks = await checkProviders(parseConfig(openaiEnv({ OPENAI_MODEL: 'gpt-4o-mini', SPEAKER_PROVIDER: 'espeak', TRANSCRIBER_PROVIDER: 'none' })));
    expect(checks).toEqual([expect.objectContaining({ status: 'failed', variable: 'OPENAI_MODEL', model: 'gpt-4o-mini' })]);
    expect(openai.callsTo('models')).toHaveLength(1);
  });

  it('names WHISPER_API_KEY when the Whisper server has its own key and refuses it', async () => {
    openai.requiredKey = 'sk-right-key-123';
    const checks = await checkProviders(parseConfig({ WHISPER_BASE_URL: openai.url, WHISPER_API_KEY: 'wrong-whisper-key' }));
    expect(checks).toEqual([expect.objectContaining({ status: 'failed', variable: 'WHISPER_API_KEY', roles: ['transcriber'] })]);
  });

  it('does not fail a server that has no model lookup at all', async () => {
    openai.modelLookup = false;
    const checks = await checkProviders(parseConfig({ OPENAI_BASE_URL: openai.url, OPENAI_MODEL: 'llama3.1:8b' }));
    expect(checks.map((c) => c.status)).toEqual(['unchecked']);
  });

  it('reports a server that does not answer in time as unreachable, within the timeout', async () => {
    gemini.setDefault({ json: {} });
    gemini.server.setDefault('getModel', { delayMs: 5_000, json: {} });
    const started = Date.now();
    const checks = await checkProviders(parseConfig(geminiEnv({ SPEAKER_PROVIDER: 'espeak' })), 200);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(checks).toEqual([expect.objectContaining({ status: 'unreachable', variable: null })]);
    expect(checks[0]?.message).toMatch(/timed out/);
    gemini.server.setDefault('getModel', (request) => ({ json: { name: `models/${request.params.model ?? ''}` } }));
  });
});

describe('selfCheckAtStart', () => {
  it('logs each refused key or unknown model once, at error level, naming the variable', async () => {
    gemini.unknownModels.add('gemini-2.5-flash');
    openai.requiredKey = 'sk-another-key-456';
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const config = parseConfig({
      ...geminiEnv({ GEMINI_MODEL: 'gemini-2.5-flash' }),
      OPENAI_API_KEY: 'sk-right-key-123',
      OPENAI_BASE_URL: openai.url,
      SPEAKER_PROVIDER: 'espeak',
    });
    await selfCheckAtStart(config, logger);
    const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; variable: string | null });
    const errors = logged.filter((entry) => entry.level === 50);
    expect(errors.map((e) => e.variable)).toEqual(['GEMINI_MODEL', 'OPENAI_API_KEY']);
    expect(errors[0]?.msg).toBe('GEMINI_MODEL gemini-2.5-flash does not exist (404) — questions come from the offline bank; scoring falls back to the offline rubric');
    expect(errors[1]?.msg).toMatch(/^OPENAI_API_KEY was rejected \(401\) — voice answers cannot be transcribed/);
  });
});
