import { apiError, type RestReply } from './RestRouter.js';

/** Ready-made error answers for FakeDiscord.failRequests(), shaped like Discord's. */
export const failures = {
  missingPermissions: (): RestReply => apiError(403, 50013, 'Missing Permissions'),
  missingAccess: (): RestReply => apiError(403, 50001, 'Missing Access'),
  cannotMessageUser: (): RestReply => apiError(403, 50007, 'Cannot send messages to this user'),
  unknownChannel: (): RestReply => apiError(404, 10003, 'Unknown Channel'),
  unknownMessage: (): RestReply => apiError(404, 10008, 'Unknown Message'),
  unknownInteraction: (): RestReply => apiError(404, 10062, 'Unknown interaction'),
  /**
   * 429 with Retry-After. @discordjs/rest waits that long and retries, so inject it a limited number of times;
   * keep it short (default 50 ms) so tests stay fast.
   */
  rateLimited: (retryAfterSeconds = 0.05, options: { global?: boolean } = {}): RestReply => ({
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: options.global ?? false, code: 0 },
    headers: {
      'retry-after': String(retryAfterSeconds),
      'x-ratelimit-scope': options.global ? 'global' : 'user',
      ...(options.global ? { 'x-ratelimit-global': 'true' } : {}),
    },
  }),
  /** @discordjs/rest retries 5xx (3 times by default) before failing. */
  serverError: (): RestReply => ({ status: 500, body: { message: '500: Internal Server Error', code: 0 } }),
};
