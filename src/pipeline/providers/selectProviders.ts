import { existsSync } from 'node:fs';
import type { Config } from '../../config/index.js';
import { UserFacingError } from '../../errors.js';
import { FallbackEvaluator } from '../evaluate/fallbackEvaluator.js';
import { GeminiEvaluator } from '../evaluate/geminiEvaluator.js';
import { OpenAIEvaluator } from '../evaluate/openaiEvaluator.js';
import type { Evaluator } from '../evaluate/types.js';
import { FallbackQuestionSource } from '../questions/fallbackQuestionSource.js';
import { GeminiQuestionSource } from '../questions/geminiQuestionSource.js';
import { OpenAIQuestionSource } from '../questions/openaiQuestionSource.js';
import type { QuestionSource } from '../questions/types.js';
import { FallbackSpeaker } from '../speech/fallbackSpeaker.js';
import { GeminiSpeaker } from '../speech/geminiSpeaker.js';
import { OpenAISpeaker } from '../speech/openaiSpeaker.js';
import type { Speaker } from '../speech/types.js';
import { OpenAITranscriber } from '../transcribe/openaiTranscriber.js';
import { WhisperCppTranscriber } from '../transcribe/whisperCppTranscriber.js';
import { LocalWhisperTranscriber } from '../transcribe/localWhisperTranscriber.js';
import { LocalModelProvisioner } from '../transcribe/localModel/LocalModelProvisioner.js';
import { resolveModelSource } from '../transcribe/localModel/resolveModelSource.js';
import type { Transcriber } from '../transcribe/types.js';
import type { FallbackListener } from './fallback.js';
import { FallbackFollowUpWriter, LlmFollowUpWriter, OfflineFollowUpWriter, type FollowUpWriter } from '../questions/followUpWriter.js';
import { geminiJsonLlm, openaiJsonLlm } from './jsonLlm.js';
import type { RetryPolicy } from './retry.js';
import { chooseProviders, type Choice, type ProviderDescription } from './chooseProviders.js';

export type { ProviderDescription, ProviderRole } from './chooseProviders.js';

export interface OfflineFallbacks {
  questions: QuestionSource;
  evaluator: Evaluator;
  speaker: Speaker;
}

export interface CreateProvidersOptions {
  /** Told each time an offline fallback answers for a failed provider (for logs). */
  onFallback?: FallbackListener;
  /** Overrides of the policy built from PROVIDER_TIMEOUT_MS / PROVIDER_MAX_RETRIES (tests inject a clock). */
  retry?: Partial<RetryPolicy>;
}

export interface Providers {
  questions: QuestionSource;
  evaluator: Evaluator;
  /** Null when nothing can transcribe: voice answers are refused, text answers work. */
  transcriber: Transcriber | null;
  /** The manifest model the local transcriber uses (fetched on first use); null with an API, a file, or none. */
  localModel: LocalModelProvisioner | null;
  speaker: Speaker;
  /** Writes follow-up questions: the evaluator's LLM with the offline writer behind it, or the offline writer. */
  followUps: FollowUpWriter;
  /** What was chosen and why, one entry per interface; holds no secrets. */
  describe(): ProviderDescription[];
  /** Stops the local whisper worker, if one runs. */
  close(): Promise<void>;
}

/**
 * Builds the provider set. `auto` picks a configured provider (a key, or a base URL for OpenAI-compatible
 * servers that need none), else the offline default; `*_PROVIDER` forces one. A forced provider without its
 * configuration is a startup error rather than a silent fallback.
 */
export function createProviders(
  config: Config,
  fallbacks: OfflineFallbacks,
  options: CreateProvidersOptions = {},
): Providers {
  const choices = chooseProviders(config);
  const retry: RetryPolicy = {
    maxRetries: config.PROVIDER_MAX_RETRIES,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    ...options.retry,
  };
  const gemini = { apiKey: config.GEMINI_API_KEY ?? '', baseUrl: config.GEMINI_BASE_URL, apiVersion: config.GEMINI_API_VERSION };
  const openai = { apiKey: config.OPENAI_API_KEY, baseUrl: config.OPENAI_BASE_URL };
  const { onFallback } = options;

  const questions = pick<QuestionSource>(choices.questions, {
    gemini: () => new GeminiQuestionSource({ ...gemini, model: config.GEMINI_MODEL, retry }),
    openai: () => new OpenAIQuestionSource({ ...openai, model: config.OPENAI_MODEL, retry }),
    offline: () => fallbacks.questions,
    wrap: (primary) => new FallbackQuestionSource(primary, fallbacks.questions, onFallback),
  });
  const evaluator = pick<Evaluator>(choices.evaluator, {
    gemini: () => new GeminiEvaluator({ ...gemini, model: config.GEMINI_MODEL, retry }),
    openai: () => new OpenAIEvaluator({ ...openai, model: config.OPENAI_MODEL, retry }),
    offline: () => fallbacks.evaluator,
    wrap: (primary) => new FallbackEvaluator(primary, fallbacks.evaluator, onFallback),
  });
  // Follow-ups are written by the LLM that scores answers: it has just read the answer's kind of question.
  const offlineFollowUps = new OfflineFollowUpWriter();
  const followUps = pick<FollowUpWriter>(choices.evaluator, {
    gemini: () => new LlmFollowUpWriter(geminiJsonLlm({ ...gemini, model: config.GEMINI_MODEL, retry })),
    openai: () => new LlmFollowUpWriter(openaiJsonLlm({ ...openai, model: config.OPENAI_MODEL, retry })),
    offline: () => offlineFollowUps,
    wrap: (primary) => new FallbackFollowUpWriter(primary, offlineFollowUps, onFallback),
  });
  const speaker = pick<Speaker>(choices.speaker, {
    gemini: () => new GeminiSpeaker({ ...gemini, model: config.GEMINI_TTS_MODEL, retry }),
    openai: () =>
      new OpenAISpeaker({ ...openai, model: config.OPENAI_TTS_MODEL, voice: config.OPENAI_TTS_VOICE, retry }),
    offline: () => fallbacks.speaker,
    wrap: (primary) => new FallbackSpeaker(primary, fallbacks.speaker, onFallback),
  });
  const transcriber = createTranscriber(config, choices.transcriber.provider, retry);
  const localModel = transcriber instanceof LocalWhisperTranscriber ? transcriber.model : null;

  const descriptions = describeAll(choices, fallbacks);
  return {
    questions,
    evaluator,
    followUps,
    transcriber,
    localModel,
    speaker,
    describe: () => descriptions.map((d) => ({ ...d })),
    close: async () => {
      if (transcriber instanceof WhisperCppTranscriber || transcriber instanceof LocalWhisperTranscriber) await transcriber.close();
    },
  };
}

interface Builders<T> {
  gemini: () => T;
  openai: () => T;
  offline: () => T;
  wrap: (primary: T) => T;
}

function pick<T>(choice: Choice, builders: Builders<T>): T {
  if (choice.provider === 'gemini') return builders.wrap(builders.gemini());
  if (choice.provider === 'openai') return builders.wrap(builders.openai());
  return builders.offline();
}

function createTranscriber(config: Config, provider: string, retry: RetryPolicy): Transcriber | null {
  if (provider === 'openai') {
    return new OpenAITranscriber({ ...whisperConnection(config), model: config.WHISPER_MODEL, language: config.WHISPER_LANGUAGE, retry });
  }
  if (provider === 'whisper.cpp' && config.WHISPER_MODEL_PATH) {
    if (!existsSync(config.WHISPER_MODEL_PATH)) {
      throw new UserFacingError('config_invalid', 'WHISPER_MODEL_PATH does not point at a file. Download a ggml model or unset it.');
    }
    return new WhisperCppTranscriber({
      modelPath: config.WHISPER_MODEL_PATH,
      language: config.WHISPER_LANGUAGE,
      timeoutMs: retry.timeoutMs,
    });
  }
  if (provider === 'whisper.cpp') {
    // Nothing is fetched here: the model downloads on the first ensure() (npm start, an answer, `models download`).
    const model = new LocalModelProvisioner(resolveModelSource(config));
    return new LocalWhisperTranscriber(model, { language: config.WHISPER_LANGUAGE, timeoutMs: retry.timeoutMs });
  }
  return null;
}

/**
 * WHISPER_* with OPENAI_* behind it. The OpenAI key only goes to the OpenAI endpoint: a separate
 * WHISPER_BASE_URL (someone else's server) gets WHISPER_API_KEY or nothing.
 */
export function whisperConnection(config: Config): { apiKey?: string; baseUrl?: string } {
  const baseUrl = config.WHISPER_BASE_URL ?? config.OPENAI_BASE_URL;
  const sameEndpoint = config.WHISPER_BASE_URL === undefined || config.WHISPER_BASE_URL === config.OPENAI_BASE_URL;
  const apiKey = config.WHISPER_API_KEY ?? (sameEndpoint ? config.OPENAI_API_KEY : undefined);
  return { apiKey, baseUrl };
}

function describeAll(choices: ReturnType<typeof chooseProviders>, fallbacks: OfflineFallbacks): ProviderDescription[] {
  const fallbackNames = { questions: fallbacks.questions.name, evaluator: fallbacks.evaluator.name, speaker: fallbacks.speaker.name };
  return (['questions', 'evaluator', 'transcriber', 'speaker'] as const).map((role) => {
    const choice = choices[role];
    const offlineName = role === 'transcriber' ? null : fallbackNames[role];
    const online = choice.provider === 'gemini' || choice.provider === 'openai';
    return {
      role,
      provider: choice.provider === 'offline' ? (offlineName ?? 'none') : choice.provider,
      model: choice.model,
      offline: !online,
      selection: choice.selection,
      fallback: online ? offlineName : null,
      endpoint: choice.endpoint,
      reason: choice.reason,
    };
  });
}
