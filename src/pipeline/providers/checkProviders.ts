import type { Config } from '../../config/index.js';
import { chooseProviders, type ProviderRole } from './chooseProviders.js';
import { lookupGeminiModel, lookupOpenAIModel, type ModelLookup } from './modelLookups.js';
import { whisperConnection } from './selectProviders.js';
import type { ProviderError } from './ProviderError.js';
import { redactSecrets } from '../../redactSecrets.js';

/**
 * - `ok`: the key is accepted and the model exists
 * - `failed`: refused for good (bad key, unknown model): someone must change a variable
 * - `unreachable`: timeout, 5xx, no connection: may pass on its own; requests keep trying
 * - `unchecked`: the server offers no model lookup (some OpenAI-compatible servers)
 */
export type CheckStatus = 'ok' | 'failed' | 'unreachable' | 'unchecked';

/** One configured provider model, checked once. Safe to log and print: no key, no URL path. */
export interface ProviderCheck {
  provider: 'gemini' | 'openai';
  roles: ProviderRole[];
  model: string;
  status: CheckStatus;
  /** The variable to fix when the check failed; null when it passed or nobody can fix it by config. */
  variable: string | null;
  httpStatus: number | null;
  /** One line: what is wrong, which variable, and what answers meanwhile. */
  message: string;
  /** What the server said, when it said something (masked: gateways may echo credentials). */
  detail?: string;
}

interface Target {
  provider: ProviderCheck['provider'];
  roles: ProviderRole[];
  model: string;
  modelVariable: string;
  keyVariable: string;
  /** Targets with the same connection share a key: a rejected key is reported once for all of them. */
  connection: string;
  lookup: ModelLookup;
}

const CONSEQUENCE: Record<ProviderRole, string> = {
  questions: 'questions come from the offline bank',
  evaluator: 'scoring falls back to the offline rubric',
  speaker: 'questions are spoken by the offline espeak-ng voice',
  transcriber: 'voice answers cannot be transcribed (text answers work)',
};

/**
 * One cheap call per configured provider model (a model lookup, no tokens spent), each with a timeout.
 * Never throws: every outcome is a ProviderCheck.
 */
export async function checkProviders(config: Config, timeoutMs: number = config.PROVIDER_CHECK_TIMEOUT_MS): Promise<ProviderCheck[]> {
  const targets = targetsOf(config);
  const rejectedKeys = new Map<string, ProviderCheck>();
  const checks: ProviderCheck[] = [];
  // In order, so a key refused for the first model is not asked about again for the next.
  for (const target of targets) {
    const refused = rejectedKeys.get(target.connection);
    if (refused) {
      refused.roles.push(...target.roles);
      refused.message = keyRejectedMessage(target.keyVariable, refused.httpStatus, refused.roles);
      continue;
    }
    const check = await runCheck(target, timeoutMs);
    if (check.variable === target.keyVariable) rejectedKeys.set(target.connection, check);
    checks.push(check);
  }
  return checks;
}

async function runCheck(target: Target, timeoutMs: number): Promise<ProviderCheck> {
  const plain = { provider: target.provider, roles: [...target.roles], model: target.model };
  const outcome = await target.lookup(target.model, AbortSignal.timeout(timeoutMs));
  if (outcome.kind === 'found') {
    return { ...plain, status: 'ok', variable: null, httpStatus: null, message: `${target.modelVariable} ${target.model} answers` };
  }
  if (outcome.kind === 'no_lookup') {
    return { ...plain, status: 'unchecked', variable: null, httpStatus: null, message: `${target.modelVariable} ${target.model} not checked: the server has no model lookup` };
  }
  const error = outcome.error;
  const status = error.status ?? null;
  const said = serverSaid(error);
  const base = { ...plain, ...(said ? { detail: said } : {}) };
  if (outcome.kind === 'key_rejected') {
    return { ...base, status: 'failed', variable: target.keyVariable, httpStatus: status, message: keyRejectedMessage(target.keyVariable, status, base.roles) };
  }
  if (outcome.kind === 'model_missing') {
    return {
      ...base,
      status: 'failed',
      variable: target.modelVariable,
      httpStatus: status,
      message: `${target.modelVariable} ${target.model} does not exist (${status ?? 404}) — ${consequences(base.roles)}`,
    };
  }
  if (error.failure === 'rejected') {
    return {
      ...base,
      status: 'failed',
      variable: target.modelVariable,
      httpStatus: status,
      message: `${target.modelVariable} ${target.model} was refused (${status ?? 'rejected'}) — ${consequences(base.roles)}`,
    };
  }
  return {
    ...base,
    status: 'unreachable',
    variable: null,
    httpStatus: status,
    message: `${target.provider} did not answer the start-up check for ${target.model} (${describeTransient(error)}); each request tries again — until it answers, ${consequences(base.roles)}`,
  };
}

/** The provider's own error text (Gemini and OpenAI put it in `error.message` of a JSON body), one line. */
function serverSaid(error: ProviderError): string | undefined {
  const cause = error.cause;
  if (!(cause instanceof Error)) return undefined;
  let text = cause.message;
  try {
    const parsed: unknown = JSON.parse(text);
    const inner = (parsed as { error?: { message?: unknown } }).error?.message;
    if (typeof inner === 'string') text = inner;
  } catch {
    // Not JSON: the SDK's own sentence.
  }
  const line = text.replace(/\s+/g, ' ').trim().slice(0, 300);
  return line ? redactSecrets(line) : undefined;
}

function keyRejectedMessage(keyVariable: string, status: number | null, roles: ProviderRole[]): string {
  return `${keyVariable} was rejected (${status ?? 'refused'}) — ${consequences(roles)}`;
}

function consequences(roles: ProviderRole[]): string {
  return [...new Set(roles)].map((role) => CONSEQUENCE[role]).join('; ');
}

function describeTransient(error: ProviderError): string {
  if (error.status !== undefined) return `HTTP ${error.status}`;
  if (error.failure === 'timeout' || error.failure === 'aborted') return 'timed out';
  return 'could not connect';
}

/** What the configuration sends where: one target per distinct (connection, model). */
function targetsOf(config: Config): Target[] {
  const choices = chooseProviders(config);
  const targets: Target[] = [];
  const add = (target: Omit<Target, 'roles'>, role: ProviderRole): void => {
    const same = targets.find((t) => t.connection === target.connection && t.model === target.model);
    if (same) same.roles.push(role);
    else targets.push({ ...target, roles: [role] });
  };
  const geminiConnection = {
    apiKey: config.GEMINI_API_KEY ?? '',
    baseUrl: config.GEMINI_BASE_URL,
    apiVersion: config.GEMINI_API_VERSION,
  };
  const openaiConnection = { apiKey: config.OPENAI_API_KEY, baseUrl: config.OPENAI_BASE_URL };
  const whisper = whisperConnection(config);

  // What a chat or voice role needs to be checked, per cloud provider; speech models have their own variable.
  const cloud = {
    gemini: {
      modelVariables: { chat: 'GEMINI_MODEL', speech: 'GEMINI_TTS_MODEL' },
      keyVariable: 'GEMINI_API_KEY',
      connection: 'gemini',
      lookup: () => lookupGeminiModel(geminiConnection),
    },
    openai: {
      modelVariables: { chat: 'OPENAI_MODEL', speech: 'OPENAI_TTS_MODEL' },
      keyVariable: 'OPENAI_API_KEY',
      connection: `openai ${config.OPENAI_BASE_URL ?? ''}`,
      lookup: () => lookupOpenAIModel(openaiConnection),
    },
  } as const;

  for (const role of ['questions', 'evaluator', 'speaker'] as const) {
    const { provider, model } = choices[role];
    if ((provider !== 'gemini' && provider !== 'openai') || !model) continue;
    const { modelVariables, keyVariable, connection, lookup } = cloud[provider];
    add({ provider, model, modelVariable: modelVariables[role === 'speaker' ? 'speech' : 'chat'], keyVariable, connection, lookup: lookup() }, role);
  }
  const transcriber = choices.transcriber;
  if (transcriber.provider === 'openai' && transcriber.model) {
    const ownKey = config.WHISPER_API_KEY !== undefined;
    add(
      {
        provider: 'openai',
        model: transcriber.model,
        modelVariable: 'WHISPER_MODEL',
        keyVariable: ownKey ? 'WHISPER_API_KEY' : 'OPENAI_API_KEY',
        // The same server and key as chat share one connection, so a refused key is reported once.
        connection: ownKey || whisper.baseUrl !== config.OPENAI_BASE_URL ? `whisper ${whisper.baseUrl ?? ''}` : `openai ${config.OPENAI_BASE_URL ?? ''}`,
        lookup: lookupOpenAIModel(whisper),
      },
      'transcriber',
    );
  }
  return targets;
}
