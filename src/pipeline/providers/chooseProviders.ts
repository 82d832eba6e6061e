import type { Config } from '../../config/index.js';
import { UserFacingError } from '../../errors.js';

export type ProviderRole = 'questions' | 'evaluator' | 'transcriber' | 'speaker';

/** One entry of `describe()`: safe to log or show (no keys, no URL paths or credentials). */
export interface ProviderDescription {
  role: ProviderRole;
  /** `gemini`, `openai`, `whisper.cpp`, the offline default's own name (`bank`, `rubric`, `espeak`…), or `none`. */
  provider: string;
  model: string | null;
  /** True when nothing leaves the machine. */
  offline: boolean;
  /** `forced` when a *_PROVIDER variable chose it. */
  selection: 'auto' | 'forced';
  /** Who answers when the provider fails; null for offline choices and for the transcriber. */
  fallback: string | null;
  /** Host (and port) of a configured base URL; null for the provider's default endpoint. */
  endpoint: string | null;
  /** Why this one, in a sentence. */
  reason: string;
}

export interface Choice {
  provider: 'gemini' | 'openai' | 'whisper.cpp' | 'offline' | 'none';
  model: string | null;
  selection: 'auto' | 'forced';
  endpoint: string | null;
  reason: string;
}

export interface Choices {
  questions: Choice;
  evaluator: Choice;
  transcriber: Choice;
  speaker: Choice;
}

/** The selection rules, as data: which implementation each interface gets, and why. */
export function chooseProviders(config: Config): Choices {
  const hasGemini = config.GEMINI_API_KEY !== undefined;
  // Ollama, LM Studio and vLLM need no key: a base URL alone configures an OpenAI-compatible chat server.
  const hasOpenAIChat = config.OPENAI_API_KEY !== undefined || config.OPENAI_BASE_URL !== undefined;
  const gemini = (model: string, selection: Choice['selection'], reason: string): Choice => ({
    provider: 'gemini',
    model,
    selection,
    endpoint: host(config.GEMINI_BASE_URL),
    reason,
  });
  const openai = (model: string, selection: Choice['selection'], reason: string): Choice => ({
    provider: 'openai',
    model,
    selection,
    endpoint: host(config.OPENAI_BASE_URL),
    reason,
  });
  const offline = (selection: Choice['selection'], reason: string): Choice => ({
    provider: 'offline',
    model: null,
    selection,
    endpoint: null,
    reason,
  });

  const llm = (variable: 'QUESTION_PROVIDER' | 'EVALUATOR_PROVIDER', offlineName: string, what: string): Choice => {
    const setting = config[variable];
    if (setting === 'gemini') {
      needs(hasGemini, `${variable}=gemini needs GEMINI_API_KEY.`);
      return gemini(config.GEMINI_MODEL, 'forced', `${variable}=gemini`);
    }
    if (setting === 'openai') {
      needs(hasOpenAIChat, `${variable}=openai needs OPENAI_API_KEY or OPENAI_BASE_URL.`);
      return openai(config.OPENAI_MODEL, 'forced', `${variable}=openai`);
    }
    if (setting === offlineName) return offline('forced', `${variable}=${offlineName}`);
    if (hasGemini) return gemini(config.GEMINI_MODEL, 'auto', 'GEMINI_API_KEY is set');
    if (hasOpenAIChat) {
      return openai(config.OPENAI_MODEL, 'auto', config.OPENAI_API_KEY ? 'OPENAI_API_KEY is set' : 'OPENAI_BASE_URL is set');
    }
    return offline('auto', `no GEMINI_API_KEY, OPENAI_API_KEY or OPENAI_BASE_URL: ${what}`);
  };

  return {
    questions: llm('QUESTION_PROVIDER', 'bank', 'offline question bank'),
    evaluator: llm('EVALUATOR_PROVIDER', 'rubric', 'offline rubric'),
    speaker: chooseSpeaker(config, hasGemini, gemini, openai, offline),
    transcriber: chooseTranscriber(config),
  };
}

type Make = (model: string, selection: Choice['selection'], reason: string) => Choice;

function chooseSpeaker(
  config: Config,
  hasGemini: boolean,
  gemini: Make,
  openai: Make,
  offline: (selection: Choice['selection'], reason: string) => Choice,
): Choice {
  const setting = config.SPEAKER_PROVIDER;
  if (setting === 'gemini') {
    needs(hasGemini, 'SPEAKER_PROVIDER=gemini needs GEMINI_API_KEY.');
    return gemini(config.GEMINI_TTS_MODEL, 'forced', 'SPEAKER_PROVIDER=gemini');
  }
  if (setting === 'openai') {
    needs(
      config.OPENAI_API_KEY !== undefined || config.OPENAI_BASE_URL !== undefined,
      'SPEAKER_PROVIDER=openai needs OPENAI_API_KEY or OPENAI_BASE_URL.',
    );
    return openai(config.OPENAI_TTS_MODEL, 'forced', 'SPEAKER_PROVIDER=openai');
  }
  if (setting === 'espeak') return offline('forced', 'SPEAKER_PROVIDER=espeak');
  if (hasGemini) return gemini(config.GEMINI_TTS_MODEL, 'auto', 'GEMINI_API_KEY is set');
  // A base URL alone is usually a local chat server without speech, so auto wants a real key here.
  if (config.OPENAI_API_KEY) return openai(config.OPENAI_TTS_MODEL, 'auto', 'OPENAI_API_KEY is set');
  return offline('auto', 'no GEMINI_API_KEY or OPENAI_API_KEY: offline espeak-ng voice');
}

function chooseTranscriber(config: Config): Choice {
  const setting = config.TRANSCRIBER_PROVIDER;
  const whisperEndpoint = host(config.WHISPER_BASE_URL ?? config.OPENAI_BASE_URL);
  const api = (selection: Choice['selection'], reason: string): Choice => ({
    provider: 'openai',
    model: config.WHISPER_MODEL,
    selection,
    endpoint: whisperEndpoint,
    reason,
  });
  const local = (selection: Choice['selection'], reason: string): Choice => ({
    provider: 'whisper.cpp',
    // An explicit file is named by its file; otherwise the manifest model fetched on first use.
    model: config.WHISPER_MODEL_PATH ? baseName(config.WHISPER_MODEL_PATH) : config.WHISPER_LOCAL_MODEL,
    selection,
    endpoint: null,
    reason,
  });
  const none = (selection: Choice['selection'], reason: string): Choice => ({
    provider: 'none',
    model: null,
    selection,
    endpoint: null,
    reason,
  });
  const hasApi =
    config.OPENAI_API_KEY !== undefined || config.WHISPER_BASE_URL !== undefined || config.WHISPER_API_KEY !== undefined;

  if (setting === 'none') return none('forced', 'TRANSCRIBER_PROVIDER=none: voice answers are off');
  if (setting === 'openai') {
    needs(hasApi, 'TRANSCRIBER_PROVIDER=openai needs OPENAI_API_KEY, WHISPER_API_KEY or WHISPER_BASE_URL.');
    return api('forced', 'TRANSCRIBER_PROVIDER=openai');
  }
  if (setting === 'whisper-cpp') return local('forced', 'TRANSCRIBER_PROVIDER=whisper-cpp');
  if (config.WHISPER_BASE_URL !== undefined) return api('auto', 'WHISPER_BASE_URL is set');
  if (config.WHISPER_API_KEY !== undefined) return api('auto', 'WHISPER_API_KEY is set');
  if (config.OPENAI_API_KEY !== undefined) return api('auto', 'OPENAI_API_KEY is set');
  if (config.WHISPER_MODEL_PATH !== undefined) return local('auto', 'WHISPER_MODEL_PATH is set');
  return local(
    'auto',
    `no OPENAI_API_KEY or WHISPER_BASE_URL: local whisper.cpp with ${config.WHISPER_LOCAL_MODEL} (downloaded on first use)`,
  );
}

function needs(condition: boolean, message: string): asserts condition {
  if (!condition) throw new UserFacingError('config_invalid', message);
}

/** Host and port only: a URL may carry credentials or tokens in its user info, path or query. */
function host(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
