import { createHmac } from 'node:crypto';

/** Slack's request signature: `v0=` + hex HMAC-SHA256(signing secret, `v0:${timestamp}:${rawBody}`). */
export function slackSignature(signingSecret: string, timestampSec: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
}

export interface SignedHeaders {
  'X-Slack-Signature': string;
  'X-Slack-Request-Timestamp': string;
}

export interface SigningChoice {
  /** Sign with a different secret. */
  badSignature?: boolean;
  /** Date the request 6 minutes back (Bolt rejects > 5 min). */
  staleTimestamp?: boolean;
  /** Explicit timestamp in seconds (overrides staleTimestamp). */
  timestampSec?: number;
}

export function signedHeaders(signingSecret: string, rawBody: string, choice: SigningChoice = {}): SignedHeaders {
  const now = Math.floor(Date.now() / 1000);
  const timestampSec = choice.timestampSec ?? (choice.staleTimestamp === true ? now - 6 * 60 : now);
  const secret = choice.badSignature === true ? `${signingSecret}-wrong` : signingSecret;
  return {
    'X-Slack-Signature': slackSignature(secret, timestampSec, rawBody),
    'X-Slack-Request-Timestamp': String(timestampSec),
  };
}
