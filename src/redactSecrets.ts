/**
 * Masks secrets by value. Field-name redaction (pino `redact`) cannot see a key that an SDK error quotes in
 * its message, or a gateway that echoes `Authorization: Bearer …` in its error body; this looks at the text.
 *
 * Two nets: every configured secret (registered from the environment at start), and strings shaped like
 * keys whatever their source.
 */

export const MASK = '[redacted]';

/** Variables whose values are credentials, whatever their name says beyond the suffix. */
const SECRET_NAME = /(_TOKEN|_KEY|_SECRET|_PASSWORD)$/i;

/** Shorter values are too likely to occur in ordinary text (and too weak to be real credentials). */
const MIN_SECRET_LENGTH = 6;

const KEY_SHAPES: RegExp[] = [
  // Discord bot tokens: base64 user id . timestamp . HMAC.
  /[\w-]{24,}\.[\w-]{6}\.[\w-]{27,}/g,
  // At least 8 token characters, so "a bearer of bad news" stays as it is.
  /\bBearer\s+[\w.~+/=-]{8,}/gi,
  /\bsk-[\w-]{6,}/g,
  /\bAIza[\w-]{6,}/g,
  /\bxox[a-z]-[\w-]+/gi,
  /\bxapp-[\w-]+/gi,
];

const known = new Set<string>();

/** Remembers secret values; later log lines and error texts mask them. */
export function registerSecrets(values: Iterable<string | undefined | null>): void {
  for (const value of values) {
    const trimmed = value?.trim();
    if (trimmed && trimmed.length >= MIN_SECRET_LENGTH) known.add(trimmed);
  }
}

/** The values of every `*_TOKEN`, `*_KEY`, `*_SECRET`, `*_PASSWORD` variable, and passwords inside `*_URL`s (DATABASE_URL). */
export function secretValues(env: Record<string, unknown>): string[] {
  const named = Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && typeof value === 'string')
    .map(([, value]) => value as string);
  const inUrls = Object.entries(env)
    .filter(([name, value]) => name.endsWith('_URL') && typeof value === 'string')
    .flatMap(([, value]) => urlPassword(value as string));
  return [...named, ...inUrls];
}

/** `postgres://user:password@host/db` → the password as written and decoded. */
function urlPassword(value: string): string[] {
  if (!URL.canParse(value)) return [];
  const { password } = new URL(value);
  if (password === '') return [];
  try {
    return [password, decodeURIComponent(password)];
  } catch {
    return [password];
  }
}

/** Registers the secrets among environment variables or config entries. */
export function registerSecretsFrom(env: Record<string, unknown>): void {
  registerSecrets(secretValues(env));
}

/** For tests: forget every registered value. */
export function forgetSecrets(): void {
  known.clear();
}

export function redactSecrets(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...known].sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(MASK);
    // The same value inside a JSON string, if it holds characters JSON escapes.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join(MASK);
  }
  for (const shape of KEY_SHAPES) {
    out = out.replace(shape, (match) => (/^bearer\s/i.test(match) ? `Bearer ${MASK}` : MASK));
  }
  return out;
}

/**
 * A deep copy with every string masked: error messages, stacks, `cause` chains, nested objects. Depth and
 * cycles are bounded so a strange object cannot hang the logger.
 */
export function redactDeep<T>(value: T, depth = 0, seen: WeakSet<object> = new WeakSet()): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (typeof value !== 'object' || value === null || depth > 8) return value;
  if (seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, depth + 1, seen)) as T;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  const names = value instanceof Error ? ['name', 'message', 'stack', 'cause', ...Object.keys(value)] : Object.keys(value);
  for (const name of names) {
    const field = (value as Record<string, unknown>)[name];
    if (field !== undefined) out[name] = redactDeep(field, depth + 1, seen);
  }
  return out as T;
}

/** An error's text as the CLI prints it (message, and the stack when asked), masked. */
export function safeErrorText(error: unknown, withStack = false): string {
  if (!(error instanceof Error)) return redactSecrets(String(error));
  const parts = [withStack ? (error.stack ?? error.message) : error.message];
  if (withStack) {
    let cause: unknown = error.cause;
    for (let depth = 0; cause !== undefined && depth < 5; depth++) {
      parts.push(`Caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  return redactSecrets(parts.join('\n'));
}
