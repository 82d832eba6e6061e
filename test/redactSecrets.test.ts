import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { parseConfig } from '../src/config/index.js';
import { forgetSecrets, redactSecrets, registerSecrets, safeErrorText } from '../src/redactSecrets.js';

afterEach(() => forgetSecrets());

const SLACK_SECRET = 'f00dbabe-signing-secret-4242';
const GEMINI_KEY = 'gem-key-without-a-known-shape-77';

function captured(level = 'trace') {
  const lines: string[] = [];
  return { lines, logger: createLogger(level, { write: (line: string) => void lines.push(line) }) };
}

describe('redactSecrets', () => {
  it('masks registered values and key-shaped strings, and leaves ordinary words alone', () => {
    registerSecrets([SLACK_SECRET, 'x']);
    const text = redactSecrets(
      `secret=${SLACK_SECRET} sk-proj-AbC123xyz AIzaSyD-abcdefghijk xoxb-123-456-abc xapp-1-A0-xyz Authorization: Bearer abc.def.ghi ` +
        'MTA5ODc2NTQzMjEwOTg3NjU0MzIx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789 a task-runner at risk, x marks',
    );
    expect(text).not.toMatch(/f00dbabe|sk-proj|AIzaSy|xoxb-|xapp-|abc\.def|MTA5ODc2/);
    expect(redactSecrets('the bearer of bad news')).toBe('the bearer of bad news');
    expect(text).toContain('Bearer [redacted]');
    expect(text).toContain('a task-runner at risk, x marks');
  });

  it('registers every *_TOKEN, *_KEY and *_SECRET from the configuration as it is parsed', () => {
    parseConfig({ SLACK_SIGNING_SECRET: SLACK_SECRET, GEMINI_API_KEY: GEMINI_KEY, DISCORD_TOKEN: 'plain-discord-token-value' });
    expect(redactSecrets(`${SLACK_SECRET} ${GEMINI_KEY} plain-discord-token-value`)).toBe('[redacted] [redacted] [redacted]');
  });

  it('registers the password inside DATABASE_URL, as written and decoded, and checks the URL is Postgres', () => {
    parseConfig({ DATABASE_URL: 'postgres://coach:s3cret%2Fpass@db.internal:5432/coach' });
    expect(redactSecrets('auth failed for coach:s3cret%2Fpass (s3cret/pass)')).toBe('auth failed for coach:[redacted] ([redacted])');
    expect(() => parseConfig({ DATABASE_URL: 'mysql://coach@db/coach' })).toThrow(/DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(parseConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('the CLI error text masks message, stack and the whole cause chain', () => {
    registerSecrets([GEMINI_KEY]);
    const error = new Error(`request failed for key ${GEMINI_KEY}`, { cause: new Error(`upstream said: x-goog-api-key: ${GEMINI_KEY}`) });
    expect(safeErrorText(error)).toBe('request failed for key [redacted]');
    const withStack = safeErrorText(error, true);
    expect(withStack).toMatch(/Caused by: Error: upstream said: x-goog-api-key: \[redacted\]/);
    expect(withStack).not.toContain(GEMINI_KEY);
  });
});

describe('the logger masks by value', () => {
  it('in err, its cause, stack, nested fields and the message, at every level', () => {
    registerSecrets([GEMINI_KEY]);
    const { lines, logger } = captured();
    const cause = Object.assign(new Error(`gateway echoed Authorization: Bearer sk-live-123456789 and ${GEMINI_KEY}`), { body: { headers: { 'x-goog-api-key': GEMINI_KEY } } });
    const err = new Error(`gemini: rejected — ${GEMINI_KEY}`, { cause });
    logger.trace({ err, detail: { nested: [`deep ${GEMINI_KEY}`] } }, `failed with ${GEMINI_KEY}`);
    logger.error({ err }, 'again');
    const all = lines.join('\n');
    expect(lines).toHaveLength(2);
    expect(all).not.toContain(GEMINI_KEY);
    expect(all).not.toContain('sk-live-123456789');
    const first = JSON.parse(lines[0] ?? '{}') as { msg: string; err: { message: string; stack: string; cause: { message: string } }; detail: { nested: string[] } };
    expect(first.msg).toBe('failed with [redacted]');
    expect(first.err.message).toBe('gemini: rejected — [redacted]');
    expect(first.err.stack).toContain('[redacted]');
    expect(first.err.cause.message).toMatch(/Bearer \[redacted\] and \[redacted\]/);
    expect(first.detail.nested).toEqual(['deep [redacted]']);
  });

  it('masks a secret registered after the logger was made (the config is read later than some loggers)', () => {
    const { lines, logger } = captured('info');
    registerSecrets(['late-registered-secret-1']);
    logger.info('late-registered-secret-1 leaked?');
    expect(lines[0]).toContain('[redacted] leaked?');
  });
});
